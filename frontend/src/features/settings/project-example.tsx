"use client";

import { useQuery } from "@tanstack/react-query";
import * as React from "react";
import { CopyButton } from "@/components/copy-button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import { PROJECT_PLACEHOLDER, PROMPT_PLACEHOLDER } from "@/lib/usage-snippets";
import { projectExamples } from "./mcp-config";

const EXAMPLE_PROMPT_QUERY = { page_size: 1, include_deprecated: "false" } as const;

/**
 * How to expand a prompt under a project with the new key: MCP's `project` argument wants the
 * project's id, which people otherwise have to look up. Uses one of the caller's own projects and
 * prompts when they have some, placeholders when not.
 */
export function ProjectExample({ origin, apiKey }: { origin: string; apiKey?: string }) {
  const projects = useQuery({
    queryKey: queryKeys.projects.list(""),
    queryFn: () => unwrap(api.GET("/api/v1/projects", { params: { query: {} } })),
  });
  const prompts = useQuery({
    queryKey: queryKeys.prompts.list(EXAMPLE_PROMPT_QUERY),
    queryFn: () => unwrap(api.GET("/api/v1/prompts", { params: { query: EXAMPLE_PROMPT_QUERY } })),
  });
  const choices = projects.data?.items ?? [];
  const [chosen, setChosen] = React.useState("");
  const project = choices.find((item) => item.id === chosen) ?? choices[0];
  const prompt = prompts.data?.items[0]?.name ?? PROMPT_PLACEHOLDER;
  const examples = projectExamples(origin, prompt, project?.id ?? PROJECT_PLACEHOLDER, apiKey);

  return (
    <div className="grid gap-3">
      <p className="text-sm text-muted-foreground">
        <code className="font-mono text-foreground">sh-run</code> and{" "}
        <code className="font-mono text-foreground">sh-workflow-run</code> take a project&apos;s id as{" "}
        <code className="font-mono text-foreground">project</code>: its policies and objectives then apply as well.
        Every project&apos;s page shows its id with a copy button.
        {project ? null : ` Replace ${PROJECT_PLACEHOLDER} with one.`}
      </p>
      {choices.length > 1 ? (
        <Field label="Project" className="max-w-sm">
          {(control) => (
            <Select {...control} value={project?.id} onChange={(event) => setChosen(event.target.value)}>
              {choices.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
      ) : null}
      {examples.map((example) => (
        <div key={example.label} className="grid gap-1.5">
          <div className="flex items-center justify-between gap-2">
            <p className="text-sm text-muted-foreground">
              <span className="font-medium text-foreground">{example.label}</span> · {example.description}
            </p>
            <CopyButton text={example.text} label={`Copy the ${example.label} project example`} />
          </div>
          <pre
            data-testid={`project-example-${example.label.toLowerCase()}`}
            className="overflow-x-auto rounded-md border bg-muted px-3 py-2 font-mono text-xs whitespace-pre-wrap break-all"
          >
            {example.text}
          </pre>
        </div>
      ))}
    </div>
  );
}
