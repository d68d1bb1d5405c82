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
 * Text typed into a filter of a list searched on the server: handed on a moment after typing
 * stops rather than on every key, and at once when the box loses focus, so that a search still
 * waiting cannot fire after the user has moved on (clicking a link to another page would
 * otherwise be undone by the late search bringing them back to the list). Returns the props for
 * the input; `onBlur` is called after.
 */
export function useDebouncedInput(
  value: string,
  onCommit: (text: string) => void,
  onBlur?: React.FocusEventHandler<HTMLInputElement>,
) {
  const [text, setText] = React.useState(value);
  const timer = React.useRef<ReturnType<typeof setTimeout> | null>(null);
  React.useEffect(() => setText(value), [value]);

  const cancel = React.useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  React.useEffect(() => cancel, [cancel]);

  return {
    value: text,
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      const next = event.target.value;
      setText(next);
      cancel();
      timer.current = setTimeout(() => {
        timer.current = null;
        onCommit(next);
      }, SEARCH_DELAY_MS);
    },
    onBlur: (event: React.FocusEvent<HTMLInputElement>) => {
      if (timer.current) {
        cancel();
        onCommit(text);
      }
      onBlur?.(event);
    },
  };
}

/** A list page's search box that searches as you type (see `useDebouncedInput`). */
export function DebouncedSearchField({
  value,
  onSearch,
  onBlur,
  ...props
}: Omit<InputProps, "value" | "onChange"> & { value: string; onSearch: (text: string) => void }) {
  return <SearchField {...props} {...useDebouncedInput(value, onSearch, onBlur)} />;
}
