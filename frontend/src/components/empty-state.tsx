import { type LucideIcon, Search } from "lucide-react";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/** What a list shows when it has nothing: say why, and offer the next step. */
export function EmptyState({
  icon: Icon,
  title,
  description,
  action,
  className,
  asPageHeading = false,
}: {
  icon?: LucideIcon;
  title: string;
  /** The title is the page's only heading (a detail page whose item is missing): an h1. */
  asPageHeading?: boolean;
  description?: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col items-center gap-3 rounded-xl border border-dashed px-6 py-12 text-center",
        className,
      )}
    >
      {Icon ? (
        <span className="flex size-10 items-center justify-center rounded-full bg-muted">
          <Icon className="size-5 text-muted-foreground" aria-hidden />
        </span>
      ) : null}
      <div className="space-y-1">
        {asPageHeading ? <h1 className="font-medium">{title}</h1> : <p className="font-medium">{title}</p>}
        {description ? <div className="max-w-md text-sm text-muted-foreground">{description}</div> : null}
      </div>
      {action}
    </div>
  );
}

/** What a list shows when its search or filters leave nothing, with a way to clear them. */
export function NoMatches({
  noun,
  hint,
  clearLabel = "Clear filters",
  onClear,
}: {
  /** What the list holds, plural: "prompts". */
  noun: string;
  hint: string;
  clearLabel?: string;
  onClear: () => void;
}) {
  return (
    <EmptyState
      icon={Search}
      title={`No ${noun} match`}
      description={hint}
      action={
        <Button variant="outline" onClick={onClear}>
          {clearLabel}
        </Button>
      }
    />
  );
}
