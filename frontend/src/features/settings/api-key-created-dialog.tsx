"use client";

import { TriangleAlert } from "lucide-react";
import * as React from "react";
import { CopyButton } from "@/components/copy-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import type { CreatedApiKey } from "./api";
import { mcpSnippets } from "./mcp-config";
import { McpSetup } from "./mcp-setup";
import { ProjectExample } from "./project-example";

/**
 * The new key, shown this once (the API stores only its hash), with the configuration each IDE
 * needs to reach this site's /mcp with it.
 */
export function ApiKeyCreatedDialog({ created, onClose }: { created: CreatedApiKey | null; onClose: () => void }) {
  const [origin, setOrigin] = React.useState("");
  // The address people reach this site at, as their browser sees it (not the backend's).
  React.useEffect(() => setOrigin(window.location.origin), []);
  const snippets = created && origin ? mcpSnippets(origin, created.raw_key) : [];

  return (
    <Dialog open={created !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-3xl" onInteractOutside={(event) => event.preventDefault()}>
        <DialogHeader>
          <DialogTitle>API key “{created?.key.name}” is created</DialogTitle>
          <DialogDescription>Copy it now: it is shown only this once, and cannot be recovered.</DialogDescription>
        </DialogHeader>
        {created ? (
          <>
            <section aria-labelledby="raw-key-label" className="grid gap-2">
              <h3 id="raw-key-label" className="text-sm font-medium">
                Your key
              </h3>
              <div className="flex items-center gap-2">
                <code
                  data-testid="raw-api-key"
                  className="min-w-0 flex-1 break-all rounded-md border bg-muted px-3 py-2 font-mono text-sm"
                >
                  {created.raw_key}
                </code>
                <CopyButton text={created.raw_key} label="Copy API key" />
              </div>
            </section>
            <Alert className="flex gap-2">
              <TriangleAlert className="mt-0.5 shrink-0 text-warning" aria-hidden />
              <span>Anyone with this key acts as you within its scopes. Keep it out of shared repositories.</span>
            </Alert>
            <section aria-labelledby="mcp-setup-label" className="grid gap-2">
              <h3 id="mcp-setup-label" className="text-sm font-medium">
                Connect your IDE
              </h3>
              <p className="text-sm text-muted-foreground">
                With this key the IDE connects without signing in through the browser.
              </p>
              <McpSetup snippets={snippets} />
            </section>
            <section aria-labelledby="project-example-label" className="grid gap-2">
              <h3 id="project-example-label" className="text-sm font-medium">
                Expand under a project
              </h3>
              {origin ? <ProjectExample origin={origin} apiKey={created.raw_key} /> : null}
            </section>
          </>
        ) : null}
        <DialogFooter>
          <Button onClick={onClose}>I have copied it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
