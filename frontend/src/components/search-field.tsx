import { Search } from "lucide-react";
import type * as React from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

/** A list page's search box: a search input with a magnifier, named by `aria-label`. */
export function SearchField({ className, ...props }: Omit<React.ComponentProps<typeof Input>, "type">) {
  return (
    <div className={cn("relative min-w-48 flex-1", className)}>
      <Search
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
        aria-hidden
      />
      <Input type="search" className="pl-8" {...props} />
    </div>
  );
}
