"use client";

import * as React from "react";
import { useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import {
  OBJECTIVE_FIELDS,
  type Objective,
  type ObjectiveFields,
  objectiveFormDefaults,
  toObjectiveFields,
} from "./form-values";
import type { ObjectiveFormValues } from "./schemas";

/**
 * Creates an objective, or edits `objective`; like the policy dialog, the caller's `onSave`
 * adds the owner and runs the mutation whose `error` and `pending` state are shown here.
 */
export function ObjectiveFormDialog({
  trigger,
  objective,
  title,
  description,
  onSave,
  onOpen,
  error,
  pending,
}: {
  trigger: React.ReactElement;
  objective?: Objective;
  title: string;
  description: React.ReactNode;
  onSave: (body: ObjectiveFields) => Promise<unknown>;
  onOpen?: () => void;
  error: unknown;
  pending: boolean;
}) {
  const [open, setOpen] = React.useState(false);
  const form = useForm<ObjectiveFormValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.objectiveFormSchema)),
    defaultValues: objectiveFormDefaults(objective),
  });
  const { errors } = form.formState;
  const statusListId = React.useId();

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset(objectiveFormDefaults(objective));
      onOpen?.();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await onSave(toObjectiveFields(values));
      setOpen(false);
    } catch (caught) {
      applyServerErrors(caught, form.setError, OBJECTIVE_FIELDS);
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {error ? <ErrorAlert error={error} title="The objective was not saved" /> : null}
          <Field label="Title" required error={errors.title?.message}>
            {(aria) => <Input {...aria} autoComplete="off" {...form.register("title")} />}
          </Field>
          <Field label="Description" error={errors.description?.message}>
            {(aria) => <Textarea {...aria} rows={3} {...form.register("description")} />}
          </Field>
          <Field
            label="Status"
            required
            description="Only “active” objectives apply; any other word (e.g. done) keeps it on record."
            error={errors.status?.message}
          >
            {(aria) => <Input {...aria} list={statusListId} {...form.register("status")} />}
          </Field>
          <datalist id={statusListId}>
            <option value="active" />
            <option value="paused" />
            <option value="done" />
          </datalist>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : objective ? "Save objective" : "Add objective"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
