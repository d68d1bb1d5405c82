"use client";

import {
  FileText,
  FolderKanban,
  type LucideIcon,
  Network,
  PanelsTopLeft,
  Search,
  Workflow,
  X,
  Zap,
} from "lucide-react";
import { useRouter } from "next/navigation";
import { useTheme } from "next-themes";
import { Dialog as DialogPrimitive } from "radix-ui";
import * as React from "react";
import { cn } from "@/lib/utils";
import {
  flattenResults,
  groupResults,
  moveActive,
  type PaletteGroup,
  type PaletteItem,
  type PaletteViewer,
} from "./items";
import { usePaletteItems } from "./use-palette-items";

const GROUP_ICONS: Record<PaletteGroup, LucideIcon> = {
  prompts: FileText,
  workflows: Workflow,
  projects: FolderKanban,
  teams: Network,
  pages: PanelsTopLeft,
  actions: Zap,
};

/** The id of an option's element: item ids hold ':' and '/', which are fine in an id but not in a selector. */
const optionId = (listboxId: string, index: number) => `${listboxId}-option-${index}`;

function PaletteSearch({ viewer, onDone }: { viewer: PaletteViewer; onDone: () => void }) {
  const router = useRouter();
  const { resolvedTheme, setTheme } = useTheme();
  const [query, setQuery] = React.useState("");
  const [activeId, setActiveId] = React.useState<string | null>(null);
  const listboxId = React.useId();
  const { items, searching, failed } = usePaletteItems(query, viewer);
  const groups = React.useMemo(() => groupResults(items, query), [items, query]);
  const flat = React.useMemo(() => flattenResults(groups), [groups]);
  // The item the user moved to, while it is still listed; else the best match.
  const activeIndex = Math.max(
    0,
    flat.findIndex((item) => item.id === activeId),
  );
  const active = flat[activeIndex];

  React.useEffect(() => {
    if (!active) return;
    document.getElementById(optionId(listboxId, activeIndex))?.scrollIntoView({ block: "nearest" });
  }, [active, activeIndex, listboxId]);

  const choose = (item: PaletteItem) => {
    onDone();
    if (item.command === "toggle-theme") setTheme(resolvedTheme === "dark" ? "light" : "dark");
    else if (item.href) router.push(item.href);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActiveId(moveActive(flat, active?.id ?? null, event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active) {
      event.preventDefault();
      choose(active);
    }
  };

  let index = -1;
  return (
    <>
      <div className="flex items-center gap-2 border-b px-3">
        <Search className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        <input
          // The dialog's first control: radix-ui focuses it on opening, so typing starts at once.
          role="combobox"
          aria-expanded={flat.length > 0}
          aria-controls={listboxId}
          aria-activedescendant={active ? optionId(listboxId, activeIndex) : undefined}
          aria-autocomplete="list"
          aria-label="Search prompts, workflows, projects, teams, pages and actions"
          placeholder="Search or run a command…"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActiveId(null);
          }}
          onKeyDown={onKeyDown}
          className="h-12 min-w-0 flex-1 bg-transparent text-base outline-none placeholder:text-muted-foreground sm:text-sm"
        />
        <DialogPrimitive.Close className="rounded-sm p-1 text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring">
          <X className="size-4" aria-hidden />
          <span className="sr-only">Close</span>
        </DialogPrimitive.Close>
      </div>
      {flat.length === 0 ? (
        <p className="px-2 py-6 text-center text-sm text-muted-foreground">
          {searching ? "Searching…" : "Nothing matches."}
        </p>
      ) : (
        <div
          id={listboxId}
          role="listbox"
          aria-label="Results"
          className="max-h-[min(60vh,28rem)] overflow-y-auto overscroll-contain p-2"
        >
          {groups.map((group) => {
            const Icon = GROUP_ICONS[group.group];
            const headingId = `${listboxId}-${group.group}`;
            return (
              // biome-ignore lint/a11y/useSemanticElements: a listbox holds options and groups of options, not fieldsets
              <div key={group.group} role="group" aria-labelledby={headingId} className="pb-1">
                <div id={headingId} aria-hidden className="px-2 pt-2 pb-1 text-xs font-medium text-muted-foreground">
                  {group.label}
                </div>
                {group.items.map((item) => {
                  index += 1;
                  const at = index;
                  const selected = at === activeIndex;
                  return (
                    // Keyboard use goes through the field (aria-activedescendant); a click or tap chooses directly.
                    // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox field handles the keys for every option
                    <div
                      key={item.id}
                      id={optionId(listboxId, at)}
                      role="option"
                      aria-selected={selected}
                      // Reachable by a pointer, never by Tab: focus stays in the field while choosing.
                      tabIndex={-1}
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => choose(item)}
                      onPointerMove={() => !selected && setActiveId(item.id)}
                      className={cn(
                        "flex cursor-pointer items-center gap-3 rounded-md px-2 py-2 text-sm",
                        selected && "bg-accent text-accent-foreground",
                      )}
                    >
                      <Icon className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                      <span className="min-w-0 flex-1">
                        <span className="block truncate font-medium">{item.label}</span>
                        {item.detail ? (
                          <span className="block truncate text-xs text-muted-foreground">{item.detail}</span>
                        ) : null}
                      </span>
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      )}
      <p role="status" className="sr-only">
        {searching ? "Searching…" : `${flat.length} ${flat.length === 1 ? "result" : "results"}`}
      </p>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-t px-3 py-2 text-xs text-muted-foreground">
        <span>
          <kbd className="font-sans">↑</kbd> <kbd className="font-sans">↓</kbd> to move
        </span>
        <span>
          <kbd className="font-sans">Enter</kbd> to open
        </span>
        <span>
          <kbd className="font-sans">Esc</kbd> to close
        </span>
        {failed ? <span className="text-destructive">Some items could not be searched.</span> : null}
      </div>
    </>
  );
}

/**
 * The command palette: a search field over the app's pages, actions and the caller's prompts,
 * workflows, projects and teams. Loaded on first opening; the field keeps focus and the arrow keys
 * move through the results (the ARIA combobox pattern), so it works from the keyboard alone.
 */
export function CommandPalette({
  open,
  onOpenChange,
  viewer,
  returnFocusTo,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  viewer: PaletteViewer;
  /** Focused again on closing: radix-ui would return focus to a Dialog.Trigger, and the shortcut has none. */
  returnFocusTo: React.RefObject<HTMLElement | null>;
}) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <DialogPrimitive.Content
          data-testid="command-palette"
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            // After choosing a page the old element may be gone: focus then stays where navigation puts it.
            if (returnFocusTo.current?.isConnected) returnFocusTo.current.focus();
          }}
          className="fixed top-[8dvh] left-1/2 z-50 flex w-[calc(100%-1rem)] max-w-xl -translate-x-1/2 flex-col overflow-hidden rounded-xl border bg-popover text-popover-foreground shadow-lg"
        >
          <DialogPrimitive.Title className="sr-only">Command palette</DialogPrimitive.Title>
          <DialogPrimitive.Description className="sr-only">
            Type to find a prompt, workflow, project, team or page, or an action to run. Arrow keys move through the
            results, Enter opens the chosen one, Escape closes.
          </DialogPrimitive.Description>
          {/* Mounted with each opening, so the palette always starts empty. */}
          {open ? <PaletteSearch viewer={viewer} onDone={() => onOpenChange(false)} /> : null}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
