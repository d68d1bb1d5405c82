import { CopyButton } from "@/components/copy-button";
import { cn } from "@/lib/utils";

export type Identifier = {
  /** What the value is: "Name", "ID", "CLI". */
  term: string;
  value: string;
  /** The copy button's name for screen readers and its tooltip, e.g. "Copy project id". */
  copyLabel: string;
};

/**
 * The names and ids people paste elsewhere (an MCP argument, a CLI command), each with a copy
 * button, so nobody has to select a UUID by hand. Long values wrap rather than widen the page.
 */
export function Identifiers({ items, className }: { items: Identifier[]; className?: string }) {
  return (
    <dl className={cn("flex flex-wrap items-center gap-x-4 gap-y-1 text-xs", className)}>
      {items.map((item) => (
        <div key={item.term} className="flex min-w-0 items-center gap-1.5">
          <dt className="shrink-0 text-muted-foreground">{item.term}</dt>
          <dd className="flex min-w-0 items-center gap-0.5">
            <code className="min-w-0 break-all rounded bg-muted px-1.5 py-0.5 font-mono text-foreground">
              {item.value}
            </code>
            <CopyButton text={item.value} label={item.copyLabel} iconOnly />
          </dd>
        </div>
      ))}
    </dl>
  );
}
