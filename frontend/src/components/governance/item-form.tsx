"use client";

import * as React from "react";
import { type DefaultValues, type FieldValues, type Path, type UseFormReturn, useForm } from "react-hook-form";
import type { ZodType } from "zod";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import {
  ENFORCEMENT_TYPES,
  type GovernanceFields,
  type GovernanceItem,
  type GovernanceKind,
  OBJECTIVE_FIELDS,
  objectiveFormDefaults,
  objectiveStatusOptions,
  POLICY_FIELDS,
  policyFormDefaults,
  toObjectiveFields,
  toPolicyFields,
} from "./form-values";
import type { GovernanceItemDialogProps } from "./item-dialog";
import type { ObjectiveFormValues, PolicyFormValues } from "./schemas";

type InputsProps<V extends FieldValues, I> = {
  form: UseFormReturn<V>;
  item?: I;
  labels?: { name: string; content: string };
};

/** How one kind of item is edited: its schema, starting values, API fields and inputs. */
type KindForm<I, F, V extends FieldValues> = {
  noun: string;
  loadSchema: () => Promise<ZodType<V, V>>;
  defaults: (item?: I) => V;
  toFields: (values: V, item?: I) => F;
  fieldNames: readonly Path<V>[];
  Inputs: (props: InputsProps<V, I>) => React.ReactNode;
};

function PolicyInputs({
  form,
  item,
  labels = { name: "Name", content: "Policy text" },
}: InputsProps<PolicyFormValues, GovernanceItem["policy"]>) {
  const { errors } = form.formState;
  const activeId = React.useId();
  return (
    <>
      <Field label={labels.name} required error={errors.name?.message}>
        {(aria) => <Input {...aria} autoComplete="off" {...form.register("name")} />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        <Field
          label="Enforcement"
          description={ENFORCEMENT_TYPES.find((entry) => entry.value === form.watch("enforcement_type"))?.description}
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
      {item ? (
        <div className="flex items-center gap-2 text-sm">
          <Checkbox id={activeId} {...form.register("is_active")} />
          <label htmlFor={activeId}>Active (inactive policies stay on record but do not apply)</label>
        </div>
      ) : null}
    </>
  );
}

function ObjectiveInputs({ form, item }: InputsProps<ObjectiveFormValues, GovernanceItem["objective"]>) {
  const { errors } = form.formState;
  const statuses = objectiveStatusOptions(item?.status);
  return (
    <>
      <Field label="Title" required error={errors.title?.message}>
        {(aria) => <Input {...aria} autoComplete="off" {...form.register("title")} />}
      </Field>
      <Field label="Description" error={errors.description?.message}>
        {(aria) => <Textarea {...aria} rows={3} {...form.register("description")} />}
      </Field>
      <Field
        label="Status"
        required
        description="Only active objectives apply; the others stay on record."
        error={errors.status?.message}
      >
        {(aria) => (
          <Select {...aria} {...form.register("status")}>
            {statuses.map((status) => (
              <option key={status.value} value={status.value}>
                {status.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
    </>
  );
}

type FormValues = { policy: PolicyFormValues; objective: ObjectiveFormValues };

/** Each kind's form; indexed by a kind, TypeScript keeps the item, fields and values of that kind together. */
const kindForms: { [K in GovernanceKind]: KindForm<GovernanceItem[K], GovernanceFields[K], FormValues[K]> } = {
  policy: {
    noun: "policy",
    loadSchema: () => import("./schemas").then((schemas) => schemas.policyFormSchema),
    defaults: policyFormDefaults,
    // Only an existing policy can be switched off, so only an edit sends is_active.
    toFields: (values, item) =>
      item ? { ...toPolicyFields(values), is_active: values.is_active } : toPolicyFields(values),
    fieldNames: POLICY_FIELDS,
    Inputs: PolicyInputs,
  },
  objective: {
    noun: "objective",
    loadSchema: () => import("./schemas").then((schemas) => schemas.objectiveFormSchema),
    defaults: objectiveFormDefaults,
    toFields: (values) => toObjectiveFields(values),
    fieldNames: OBJECTIVE_FIELDS,
    Inputs: ObjectiveInputs,
  },
};

type FormProps<I, F, V extends FieldValues> = {
  spec: KindForm<I, F, V>;
  item?: I;
  labels?: { name: string; content: string };
  onSave: (fields: F) => Promise<unknown>;
  onClose: () => void;
  error: unknown;
  pending: boolean;
};

function ItemForm<I, F, V extends FieldValues>({
  spec,
  item,
  labels,
  onSave,
  onClose,
  error,
  pending,
}: FormProps<I, F, V>) {
  const form = useForm<V>({
    resolver: useLazyZodResolver(spec.loadSchema),
    defaultValues: spec.defaults(item) as DefaultValues<V>,
  });
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await onSave(spec.toFields(values, item));
      onClose();
    } catch (caught) {
      applyServerErrors(caught, form.setError, spec.fieldNames);
    }
  });
  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4">
      {error ? <ErrorAlert error={error} title={`The ${spec.noun} was not saved`} /> : null}
      <spec.Inputs form={form} item={item} labels={labels} />
      <FormDialogFooter onCancel={onClose} pending={pending} submitLabel={`${item ? "Save" : "Add"} ${spec.noun}`} />
    </form>
  );
}

/** The item dialog's form, for the kind of item it edits. */
export function GovernanceItemForm<K extends GovernanceKind>(
  props: GovernanceItemDialogProps<K> & { onClose: () => void },
) {
  return <ItemForm {...props} spec={kindForms[props.kind]} />;
}
