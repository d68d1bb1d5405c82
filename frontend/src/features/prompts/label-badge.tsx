import { Tag } from "lucide-react";
import type * as React from "react";
import { Badge } from "@/components/ui/badge";
import { PRODUCTION } from "@/lib/labels";
import { cn } from "@/lib/utils";

/** A label on a prompt or a version; production, what IDEs are served, stands out. */
export function LabelBadge({
  label,
  version,
  className,
  children,
}: {
  label: string;
  /** Shown after the label where the badge is not already beside its version. */
  version?: string;
  className?: string;
  /** Controls inside the badge, such as a clear button. */
  children?: React.ReactNode;
}) {
  return (
    <Badge
      variant={label === PRODUCTION ? "default" : "outline"}
      className={cn("font-mono", className)}
      data-label={label}
      title={label === PRODUCTION ? "production: what expansion serves by default" : undefined}
    >
      <Tag className="size-3" aria-hidden />
      {label}
      {version ? <span className="opacity-80">→ {version}</span> : null}
      {children}
    </Badge>
  );
}
