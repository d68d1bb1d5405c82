import type * as React from "react";
import { cn } from "@/lib/utils";

type SeparatorProps = React.ComponentProps<"div"> & {
  orientation?: "horizontal" | "vertical";
  /** A purely visual line (the default) is hidden from assistive technology. */
  decorative?: boolean;
};

/**
 * A dividing line, with the same markup as radix-ui's Separator: a plain element needs none of
 * that package's code in the page's first load.
 */
export function Separator({ className, orientation = "horizontal", decorative = true, ...props }: SeparatorProps) {
  const semantics = decorative
    ? { role: "none" }
    : { role: "separator", "aria-orientation": orientation === "vertical" ? orientation : undefined };
  return (
    <div
      data-orientation={orientation}
      {...semantics}
      className={cn("shrink-0 bg-border", orientation === "horizontal" ? "h-px w-full" : "h-full w-px", className)}
      {...props}
    />
  );
}
