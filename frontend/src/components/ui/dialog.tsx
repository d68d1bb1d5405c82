"use client";

import type * as React from "react";
import { cn } from "@/lib/utils";
import {
  DialogStateProvider,
  type DialogWindowProps,
  LazyDialogContent,
  LazyDialogTrigger,
  useDialogParts,
} from "./lazy-dialog";

/** A modal dialog, controlled through `open` and `onOpenChange`; its code loads when it first opens. */
export const Dialog = DialogStateProvider;
/** Wraps the button that opens the dialog (always `asChild`, as with radix-ui's trigger). */
export function DialogTrigger({ children }: { asChild: true; children: React.ReactElement }) {
  return <LazyDialogTrigger>{children}</LazyDialogTrigger>;
}

export function DialogContent(props: Omit<DialogWindowProps, "kind">) {
  return <LazyDialogContent kind="dialog" {...props} />;
}

export function DialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("flex flex-col gap-1.5 pr-6", className)} {...props} />;
}

export function DialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)} {...props} />;
}

export function DialogTitle({ className, ...props }: React.ComponentProps<"h2">) {
  const { Title } = useDialogParts();
  return <Title className={cn("text-lg font-semibold", className)} {...props} />;
}

export function DialogDescription({ className, ...props }: React.ComponentProps<"p">) {
  const { Description } = useDialogParts();
  return <Description className={cn("text-sm text-muted-foreground", className)} {...props} />;
}
