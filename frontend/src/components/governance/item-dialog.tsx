"use client";

import dynamic from "next/dynamic";
import * as React from "react";
import { FormDialog } from "@/components/form-dialog";
import { FormSkeleton } from "@/components/form-skeleton";
import type { GovernanceFields, GovernanceItem, GovernanceKind } from "./form-values";

export type GovernanceItemDialogProps<K extends GovernanceKind = GovernanceKind> = {
  kind: K;
  /** The item to edit; without one the dialog creates a new item. */
  item?: GovernanceItem[K];
  trigger: React.ReactElement;
  title: string;
  description: React.ReactNode;
  /** What a policy's name and text fields are called where the dialog is used. */
  labels?: { name: string; content: string };
  /** Sends the fields, with the owner (team or project) the caller adds, through its mutation. */
  onSave: (fields: GovernanceFields[K]) => Promise<unknown>;
  /** Runs as the dialog opens: the place to clear the previous attempt's error. */
  onOpen?: () => void;
  /** The mutation's error and pending state, shown in the dialog. */
  error: unknown;
  pending: boolean;
};

/**
 * The form, loaded when the dialog opens: pages listing policies need none of its code before that.
 * (`dynamic` drops the component's type parameter; the cast gives it back.)
 */
const GovernanceItemForm = dynamic(() => import("./item-form").then((module) => module.GovernanceItemForm), {
  loading: () => <FormSkeleton fields={3} />,
}) as typeof import("./item-form").GovernanceItemForm;

/**
 * Creates or edits a policy or an objective of a team or a project. The form starts from the
 * item (or the defaults) each time the dialog opens and closes once `onSave` has succeeded.
 */
export function GovernanceItemDialog<K extends GovernanceKind>(props: GovernanceItemDialogProps<K>) {
  const { trigger, title, description, onOpen } = props;
  const [open, setOpen] = React.useState(false);
  const onOpenChange = (next: boolean) => {
    if (next) onOpen?.();
    setOpen(next);
  };
  return (
    <FormDialog open={open} onOpenChange={onOpenChange} trigger={trigger} title={title} description={description}>
      <GovernanceItemForm {...props} onClose={() => setOpen(false)} />
    </FormDialog>
  );
}
