"use client";

import * as React from "react";
import { useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
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
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import {
  ENFORCEMENT_TYPES,
  POLICY_FIELDS,
  type Policy,
  type PolicyFields,
  policyFormDefaults,
  toPolicyFields,
} from "./form-values";
import type { PolicyFormValues } from "./schemas";

/**
 * Creates a policy, or edits `policy`. The owner (team or project) is the caller's business:
 * `onSave` receives the fields, plus `is_active` when editing, and sends them with its mutation,
 * whose `error` and `pending` state the dialog shows.
 */
export function PolicyFormDialog({
  trigger,
  policy,
  title,
  description,
  labels = { name: "Name", content: "Content" },
  onSave,
  onOpen,
  error,
  pending,
}: {
  trigger: React.ReactElement;
  policy?: Policy;
  title: string;
  description: React.ReactNode;
  /** What the name and text fields are called where the dialog is used. */
  labels?: { name: string; content: string };
  onSave: (body: PolicyFields & { is_active?: boolean }) => Promise<unknown>;
  /** Runs as the dialog opens: the place to clear the previous attempt's error. */
  onOpen?: () => void;
  error: unknown;
  pending: boolean;
}) {
  const [open, setOpen] = React.useState(false);
  const form = useForm<PolicyFormValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.policyFormSchema)),
    defaultValues: policyFormDefaults(policy),
  });
  const { errors } = form.formState;
  const activeId = React.useId();

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset(policyFormDefaults(policy));
      onOpen?.();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const fields = toPolicyFields(values);
      await onSave(policy ? { ...fields, is_active: values.is_active } : fields);
      setOpen(false);
    } catch (caught) {
      applyServerErrors(caught, form.setError, POLICY_FIELDS);
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
          {error ? <ErrorAlert error={error} title="The policy was not saved" /> : null}
          <Field label={labels.name} required error={errors.name?.message}>
            {(aria) => <Input {...aria} autoComplete="off" {...form.register("name")} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            <Field
              label="Enforcement"
              description={
                ENFORCEMENT_TYPES.find((entry) => entry.value === form.watch("enforcement_type"))?.description
              }
              error={errors.enforcement_type?.message}
            >
              {(aria) => (
                <Select {...aria} {...form.register("enforcement_type")}>
                  {ENFORCEMENT_TYPES.map((entry) => (
                    <option key={entry.value} value={entry.value}>
                      {entry.label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Priority" description="Higher applies first" error={errors.priority?.message}>
              {(aria) => <Input {...aria} inputMode="numeric" {...form.register("priority")} />}
            </Field>
          </div>
          <Field
            label={labels.content}
            required
            description="Literal text, never rendered as a template."
            error={errors.content?.message}
          >
            {(aria) => <Textarea {...aria} rows={4} {...form.register("content")} />}
          </Field>
          <Field label="Description" error={errors.description?.message}>
            {(aria) => <Input {...aria} {...form.register("description")} />}
          </Field>
          {policy ? (
            <div className="flex items-center gap-2 text-sm">
              <Checkbox id={activeId} {...form.register("is_active")} />
              <label htmlFor={activeId}>Active (inactive policies stay on record but do not apply)</label>
            </div>
          ) : null}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : policy ? "Save policy" : "Add policy"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
