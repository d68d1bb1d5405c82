"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Pencil, Plus, Trash2 } from "lucide-react";
import * as React from "react";
import { useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/forms";
import { type Policy, usePolicyActions, useProjectPolicies } from "./api";
import { ENFORCEMENT_TYPES, POLICY_FIELDS, type PolicyFormValues, policyFormSchema } from "./schemas";

function PolicyDialog({
  projectId,
  policy,
  open,
  onOpenChange,
}: {
  projectId: string;
  /** The policy to edit; a new one when absent. */
  policy: Policy | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const actions = usePolicyActions(projectId);
  const save = policy ? actions.update : actions.create;
  const form = useForm<PolicyFormValues>({
    resolver: zodResolver(policyFormSchema),
    values: {
      name: policy?.name ?? "",
      enforcement_type: policy?.enforcement_type ?? "prepend",
      priority: String(policy?.priority ?? 0),
      content: policy?.content ?? "",
      description: policy?.description ?? "",
      is_active: policy?.is_active ?? true,
    },
  });
  const { errors } = form.formState;
  const type = form.watch("enforcement_type");

  const onSubmit = form.handleSubmit((values) => {
    const body = {
      name: values.name.trim(),
      enforcement_type: values.enforcement_type,
      priority: Number(values.priority),
      content: values.content,
      description: values.description.trim() || null,
    };
    const options = {
      onSuccess: () => onOpenChange(false),
      onError: (error: unknown) => applyServerErrors(error, form.setError, POLICY_FIELDS),
    };
    if (policy) actions.update.mutate({ id: policy.id, body: { ...body, is_active: values.is_active } }, options);
    else actions.create.mutate(body, options);
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) save.reset();
        onOpenChange(next);
      }}
    >
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{policy ? `Edit ${policy.name}` : "New project policy"}</DialogTitle>
          <DialogDescription>
            Applies to expansions and workflow runs that name this project. The text is used as written, never as a
            template.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Name" required error={errors.name?.message} className="sm:col-span-3">
              {(control) => <Input {...control} {...form.register("name")} />}
            </Field>
            <Field
              label="Enforcement"
              description={ENFORCEMENT_TYPES.find((option) => option.value === type)?.description}
              error={errors.enforcement_type?.message}
              className="sm:col-span-2"
            >
              {(control) => (
                <Select {...control} {...form.register("enforcement_type")}>
                  {ENFORCEMENT_TYPES.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Priority" description="Higher applies first." error={errors.priority?.message}>
              {(control) => <Input {...control} inputMode="numeric" {...form.register("priority")} />}
            </Field>
          </div>
          <Field label="Content" required error={errors.content?.message}>
            {(control) => <Textarea {...control} rows={4} {...form.register("content")} />}
          </Field>
          <Field label="Description" error={errors.description?.message}>
            {(control) => <Textarea {...control} rows={2} {...form.register("description")} />}
          </Field>
          {policy ? (
            <div className="flex items-center gap-2">
              <Checkbox id={`policy-active-${policy.id}`} {...form.register("is_active")} />
              <Label htmlFor={`policy-active-${policy.id}`} className="font-normal">
                Active (inactive policies are kept but never applied)
              </Label>
            </div>
          ) : null}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : policy ? "Save policy" : "Add policy"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The project's own policies, highest priority first, with add/edit/delete for its managers. */
export function ProjectPolicies({ projectId, manage }: { projectId: string; manage: boolean }) {
  const policies = useProjectPolicies(projectId);
  const actions = usePolicyActions(projectId);
  const [editing, setEditing] = React.useState<Policy | null>(null);
  const [open, setOpen] = React.useState(false);

  return (
    <div className="grid gap-4">
      {actions.remove.error ? <ErrorAlert error={actions.remove.error} title="The policy was not deleted" /> : null}
      {policies.isPending ? (
        <Skeleton className="h-16" />
      ) : policies.isError ? (
        <ErrorAlert error={policies.error} onRetry={() => void policies.refetch()} />
      ) : policies.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No project policies.</p>
      ) : (
        <ul className="grid gap-2" aria-label="Policies">
          {policies.data.map((policy) => (
            <li key={policy.id} className="grid gap-1 rounded-md border px-3 py-2">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{policy.name}</span>
                  <Badge variant="outline">{policy.enforcement_type}</Badge>
                  <span className="text-xs text-muted-foreground">priority {policy.priority}</span>
                  {policy.is_active ? null : <Badge variant="warning">inactive</Badge>}
                </span>
                {manage ? (
                  <span className="flex gap-1">
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Edit policy ${policy.name}`}
                      onClick={() => {
                        setEditing(policy);
                        setOpen(true);
                      }}
                    >
                      <Pencil aria-hidden />
                      Edit
                    </Button>
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" aria-label={`Delete policy ${policy.name}`}>
                          <Trash2 aria-hidden />
                          Delete
                        </Button>
                      }
                      title={`Delete ${policy.name}?`}
                      description="It stops applying to this project's expansions and runs. To pause it instead, edit it and clear Active."
                      confirmLabel="Delete policy"
                      destructive
                      onConfirm={() => actions.remove.mutateAsync(policy.id)}
                    />
                  </span>
                ) : null}
              </div>
              <p className="line-clamp-3 whitespace-pre-wrap text-sm text-muted-foreground">{policy.content}</p>
            </li>
          ))}
        </ul>
      )}
      {manage ? (
        <div>
          <Button
            variant="outline"
            onClick={() => {
              setEditing(null);
              setOpen(true);
            }}
          >
            <Plus aria-hidden />
            Add policy
          </Button>
          <PolicyDialog projectId={projectId} policy={editing} open={open} onOpenChange={setOpen} />
        </div>
      ) : null}
    </div>
  );
}
