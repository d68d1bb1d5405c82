"use client";

import type * as React from "react";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import {
  DialogStateProvider,
  type DialogWindowProps,
  LazyDialogContent,
  LazyDialogTrigger,
  useDialogParts,
} from "./lazy-dialog";

/** A dialog that asks for a decision, controlled through `open` and `onOpenChange`; loads when it first opens. */
export const AlertDialog = DialogStateProvider;
/** Wraps the button that opens the dialog (always `asChild`, as with radix-ui's trigger). */
export function AlertDialogTrigger({ children }: { asChild: true; children: React.ReactElement }) {
  return <LazyDialogTrigger>{children}</LazyDialogTrigger>;
}

export function AlertDialogContent(props: Omit<DialogWindowProps, "kind">) {
  return <LazyDialogContent kind="alert" {...props} />;
}

export function AlertDialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("flex flex-col gap-2", className)} {...props} />;
}

export function AlertDialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)} {...props} />;
}

export function AlertDialogTitle({ className, ...props }: React.ComponentProps<"h2">) {
  const { Title } = useDialogParts();
  return <Title className={cn("text-lg font-semibold", className)} {...props} />;
}

export function AlertDialogDescription({ className, ...props }: React.ComponentProps<"p">) {
  const { Description } = useDialogParts();
  return <Description className={cn("text-sm text-muted-foreground", className)} {...props} />;
}

export function AlertDialogCancel({ className, ...props }: React.ComponentProps<"button">) {
  const { Cancel } = useDialogParts();
  return <Cancel className={cn(buttonVariants({ variant: "outline" }), className)} {...props} />;
}
