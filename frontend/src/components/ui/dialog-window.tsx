"use client";

import { X } from "lucide-react";
import { AlertDialog as AlertDialogPrimitive, Dialog as DialogPrimitive } from "radix-ui";
import { cn } from "@/lib/utils";
import { focusFirstField, focusFirstFieldOnceRendered } from "./first-field";
import { type DialogParts, DialogPartsContext, type DialogWindowProps, useDialogState } from "./lazy-dialog";

const dialogParts: DialogParts = {
  Title: DialogPrimitive.Title,
  Description: DialogPrimitive.Description,
  Cancel: DialogPrimitive.Close,
};
const alertParts: DialogParts = {
  Title: AlertDialogPrimitive.Title,
  Description: AlertDialogPrimitive.Description,
  Cancel: AlertDialogPrimitive.Cancel,
};

/**
 * The radix-ui dialog behind `DialogContent` and `AlertDialogContent`, loaded when a dialog first
 * opens. An alert dialog is not dismissed by a click outside it and starts on its Cancel button; a
 * dialog starts on its first field.
 */
export function DialogWindow({ kind, className, children, onOpenAutoFocus, ...props }: DialogWindowProps) {
  const { open, onOpenChange, triggerRef, contentId } = useDialogState();
  // The trigger sits outside radix-ui's tree: give focus back to it as radix-ui's own trigger would.
  const returnFocus = (event: Event) => {
    event.preventDefault();
    triggerRef.current?.focus();
  };
  // A form dialog starts on its first field, so typing can begin at once; a confirmation keeps
  // radix-ui's default (the safe Cancel button), and a dialog without fields its first button.
  const focusStart = (event: Event) => {
    onOpenAutoFocus?.(event);
    if (event.defaultPrevented || kind === "alert") return;
    const content = event.currentTarget as HTMLElement;
    if (focusFirstField(content)) event.preventDefault();
    // The form is still loading: radix-ui focuses the close button for now, the field once it is there.
    else focusFirstFieldOnceRendered(content);
  };
  const Primitive = kind === "alert" ? AlertDialogPrimitive : DialogPrimitive;
  return (
    <Primitive.Root open={open} onOpenChange={onOpenChange}>
      <Primitive.Portal>
        <Primitive.Overlay className="fixed inset-0 z-50 bg-black/50" />
        <Primitive.Content
          id={contentId}
          onCloseAutoFocus={returnFocus}
          onOpenAutoFocus={focusStart}
          className={cn(
            "fixed top-1/2 left-1/2 z-50 grid w-[calc(100%-2rem)] -translate-x-1/2 -translate-y-1/2 gap-4 rounded-xl border bg-popover p-6 text-popover-foreground shadow-lg",
            kind === "alert" ? "max-w-md" : "max-h-[90vh] max-w-2xl overflow-y-auto",
            className,
          )}
          {...props}
        >
          <DialogPartsContext.Provider value={kind === "alert" ? alertParts : dialogParts}>
            {children}
          </DialogPartsContext.Provider>
          {kind === "dialog" ? (
            <DialogPrimitive.Close
              data-dialog-close=""
              className="absolute top-4 right-4 rounded-sm opacity-70 hover:opacity-100 focus-visible:outline-2 focus-visible:outline-ring"
            >
              <X className="size-4" aria-hidden />
              <span className="sr-only">Close</span>
            </DialogPrimitive.Close>
          ) : null}
        </Primitive.Content>
      </Primitive.Portal>
    </Primitive.Root>
  );
}
