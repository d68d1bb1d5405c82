"use client";

import { CopyButton } from "@/components/copy-button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { McpSnippet } from "./mcp-config";

/** One tab per IDE with its ready-to-paste configuration and a copy button. */
export function McpSetup({ snippets }: { snippets: McpSnippet[] }) {
  return (
    <Tabs defaultValue="claude-code">
      <TabsList aria-label="IDE">
        {snippets.map((snippet) => (
          <TabsTrigger key={snippet.client} value={snippet.client}>
            {snippet.label}
          </TabsTrigger>
        ))}
      </TabsList>
      {snippets.map((snippet) => (
        <TabsContent key={snippet.client} value={snippet.client} className="grid gap-2">
          <div className="flex items-center justify-between gap-2">
            <p className="text-sm text-muted-foreground">
              {snippet.language === "json" ? (
                <>
                  Add to <code className="font-mono text-foreground">{snippet.target}</code>
                </>
              ) : (
                snippet.target
              )}
            </p>
            <CopyButton text={snippet.text} label={`Copy ${snippet.label} configuration`} />
          </div>
          <pre className="overflow-x-auto rounded-md border bg-muted px-3 py-2 font-mono text-xs whitespace-pre-wrap break-words">
            {snippet.text}
          </pre>
        </TabsContent>
      ))}
    </Tabs>
  );
}
