"use client";

import dynamic from "next/dynamic";
import type { Dialog as DialogPrimitive } from "radix-ui";
import * as React from "react";

/**
 * What a dialog needs before it is first opened: whether it is open and which element opened it.
 * The dialog itself (radix-ui's focus trap, scroll lock, dismissal, portal) is a module of its own,
 * `dialog-window.tsx`, loaded when the dialog first opens, so pages that merely offer dialogs do
 * not carry that code in their first load.
 */
type DialogState = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The element that opened the dialog, focused again when it closes. */
  triggerRef: React.RefObject<HTMLElement | null>;
  contentId: string;
};

const DialogStateContext = React.createContext<DialogState | null>(null);

export function useDialogState(): DialogState {
  const state = React.useContext(DialogStateContext);
  if (!state) throw new Error("A dialog part was used outside its <Dialog>");
  return state;
}

/** A controlled dialog: `open` and `onOpenChange` as with radix-ui's Dialog.Root. */
export function DialogStateProvider({
  open,
  onOpenChange,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: React.ReactNode;
}) {
  const triggerRef = React.useRef<HTMLElement | null>(null);
  const contentId = React.useId();
  const state = React.useMemo(() => ({ open, onOpenChange, triggerRef, contentId }), [open, onOpenChange, contentId]);
  return <DialogStateContext.Provider value={state}>{children}</DialogStateContext.Provider>;
}

const loadWindow = () => import("./dialog-window");

/**
 * Makes its only child (a button) open the dialog, with the ARIA state radix-ui's trigger gives.
 * Pointing at or focusing it starts loading the dialog, so it is usually there by the click.
 */
export function LazyDialogTrigger({ children }: { children: React.ReactElement }) {
  const { open, onOpenChange, triggerRef, contentId } = useDialogState();
  const child = children as React.ReactElement<React.ComponentProps<"button">>;
  const { onPointerEnter, onFocus } = child.props;
  return React.cloneElement(child, {
    ref: triggerRef as React.Ref<HTMLButtonElement>,
    "aria-haspopup": "dialog",
    "aria-expanded": open,
    "aria-controls": contentId,
    "data-state": open ? "open" : "closed",
    onPointerEnter: (event: React.PointerEvent<HTMLButtonElement>) => {
      onPointerEnter?.(event);
      void loadWindow();
    },
    onFocus: (event: React.FocusEvent<HTMLButtonElement>) => {
      onFocus?.(event);
      void loadWindow();
    },
    onClick: (event: React.MouseEvent<HTMLButtonElement>) => {
      child.props.onClick?.(event);
      if (!event.defaultPrevented) onOpenChange(!open);
    },
  } as React.ComponentProps<"button">);
}

export type DialogKind = "dialog" | "alert";
export type DialogWindowProps = React.ComponentProps<typeof DialogPrimitive.Content> & { kind: DialogKind };

const DialogWindow = dynamic<DialogWindowProps>(() => loadWindow().then((module) => module.DialogWindow), {
  ssr: false,
  // The backdrop shows at once, so the click visibly did something while the dialog loads.
  loading: () => <div aria-hidden className="fixed inset-0 z-50 bg-black/50" />,
});

/** The dialog's box: nothing until first opened, then the loaded dialog (kept, so closing is radix-ui's). */
export function LazyDialogContent(props: DialogWindowProps) {
  const { open } = useDialogState();
  const [opened, setOpened] = React.useState(open);
  if (open && !opened) setOpened(true);
  return opened ? <DialogWindow {...props} /> : null;
}

/** The loaded dialog's title, description and buttons, handed to the parts rendered inside it. */
export type DialogParts = {
  Title: React.ComponentType<React.ComponentProps<"h2">>;
  Description: React.ComponentType<React.ComponentProps<"p">>;
  Cancel: React.ComponentType<React.ComponentProps<"button">>;
};

export const DialogPartsContext = React.createContext<DialogParts | null>(null);

export function useDialogParts(): DialogParts {
  const parts = React.useContext(DialogPartsContext);
  if (!parts) throw new Error("A dialog part was used outside <DialogContent>");
  return parts;
}
