"use client";

import type * as React from "react";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { type DialogWindowProps, LazyDialogContent, useDialogParts } from "./lazy-dialog";

// A dialog that asks for a decision. It opens, closes and loads as a dialog does, and shares its
// title, description and footer; its box, header and Cancel button are its own.
export {
  Dialog as AlertDialog,
  DialogDescription as AlertDialogDescription,
  DialogFooter as AlertDialogFooter,
  DialogTitle as AlertDialogTitle,
  DialogTrigger as AlertDialogTrigger,
} from "./dialog";

export function AlertDialogContent(props: Omit<DialogWindowProps, "kind">) {
  return <LazyDialogContent kind="alert" {...props} />;
}

export function AlertDialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div className={cn("flex flex-col gap-2", className)} {...props} />;
}

export function AlertDialogCancel({ className, ...props }: React.ComponentProps<"button">) {
  const { Cancel } = useDialogParts();
  return <Cancel className={cn(buttonVariants({ variant: "outline" }), className)} {...props} />;
}
