"use client";

import { Search } from "lucide-react";
import * as React from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

type InputProps = Omit<React.ComponentProps<typeof Input>, "type">;

/** A list page's search box: a search input with a magnifier, named by `aria-label`. */
export function SearchField({ className, ...props }: InputProps) {
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

const SEARCH_DELAY_MS = 300;

/**
 * A search box for lists searched on the server: the text is handed on a moment after typing
 * stops rather than on every key, and at once when the box loses focus, so that a search still
 * waiting cannot fire after the user has moved on (clicking a link to another page would
 * otherwise be undone by the late search bringing them back to the list).
 */
export function DebouncedSearchField({
  value,
  onSearch,
  ...props
}: Omit<InputProps, "value" | "onChange"> & { value: string; onSearch: (text: string) => void }) {
  const [text, setText] = React.useState(value);
  const timer = React.useRef<ReturnType<typeof setTimeout> | null>(null);
  React.useEffect(() => setText(value), [value]);

  const cancel = React.useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  React.useEffect(() => cancel, [cancel]);

  return (
    <SearchField
      {...props}
      value={text}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        cancel();
        timer.current = setTimeout(() => {
          timer.current = null;
          onSearch(next);
        }, SEARCH_DELAY_MS);
      }}
      onBlur={(event) => {
        if (timer.current) {
          cancel();
          onSearch(text);
        }
        props.onBlur?.(event);
      }}
    />
  );
}
