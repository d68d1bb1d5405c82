"use client";

import { Search } from "lucide-react";
import dynamic from "next/dynamic";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { useIsGovernor } from "@/lib/audit-access";
import { useCurrentUser } from "@/lib/session";

const loadPalette = () => import("./command-palette");

/**
 * The palette's dialog, search and results load on first opening (or when the button is pointed
 * at or focused): the frame of every page carries only this button and the shortcut.
 */
const CommandPalette = dynamic(() => loadPalette().then((module) => module.CommandPalette), {
  ssr: false,
  loading: () => <div aria-hidden className="fixed inset-0 z-50 bg-black/50" />,
});

/** Ctrl+K, or ⌘K on a Mac: the shortcut most apps use for "go to anything". */
export function isPaletteShortcut(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">) {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k";
}

/** Another dialog is open: the palette would fight it for focus, so the shortcut waits. */
function otherDialogOpen(): boolean {
  return Array.from(document.querySelectorAll('[role="dialog"], [role="alertdialog"]')).some(
    (dialog) => !dialog.matches('[data-testid="command-palette"]'),
  );
}

/** The header's button that opens the command palette, and the keyboard shortcut that does the same anywhere. */
export function CommandPaletteTrigger() {
  const user = useCurrentUser();
  const isGovernor = useIsGovernor(user);
  const viewer = React.useMemo(() => ({ isAdmin: user.role === "admin", isGovernor }), [user.role, isGovernor]);
  const [open, setOpen] = React.useState(false);
  const [used, setUsed] = React.useState(false);
  const buttonRef = React.useRef<HTMLButtonElement>(null);
  // Where focus was before the palette opened, to give it back on closing (the page's field, or this button).
  const returnFocusTo = React.useRef<HTMLElement | null>(null);
  const show = React.useCallback(() => {
    const focused = document.activeElement;
    returnFocusTo.current = focused instanceof HTMLElement && focused !== document.body ? focused : buttonRef.current;
    setUsed(true);
    setOpen(true);
  }, []);
  // Known only in the browser: the server and the first render both say Ctrl.
  const [shortcut, setShortcut] = React.useState("Ctrl K");

  React.useEffect(() => {
    if (/Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)) setShortcut("⌘K");
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.isComposing || !isPaletteShortcut(event)) return;
      if (!open && otherDialogOpen()) return;
      event.preventDefault();
      if (open) setOpen(false);
      else show();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open, show]);

  return (
    <>
      {/* The shortcut is drawn over the button, not inside it: text inside would have to be part of
          the button's accessible name, which says what it does rather than how to press it. */}
      <div className="relative">
        <Button
          ref={buttonRef}
          variant="outline"
          size="sm"
          aria-haspopup="dialog"
          aria-expanded={open}
          aria-keyshortcuts="Control+K Meta+K"
          aria-label="Search and commands"
          title={`Search and commands (${shortcut})`}
          onPointerEnter={() => void loadPalette()}
          onFocus={() => void loadPalette()}
          onClick={show}
          className="text-muted-foreground sm:w-52 sm:justify-start"
        >
          <Search aria-hidden />
          <span className="hidden sm:inline">Search</span>
        </Button>
        <kbd
          aria-hidden
          className="pointer-events-none absolute top-1/2 right-2 hidden -translate-y-1/2 rounded border bg-muted px-1.5 font-sans text-[0.7rem] font-medium text-muted-foreground sm:inline"
        >
          {shortcut}
        </kbd>
      </div>
      {used ? (
        <CommandPalette open={open} onOpenChange={setOpen} viewer={viewer} returnFocusTo={returnFocusTo} />
      ) : null}
    </>
  );
}
