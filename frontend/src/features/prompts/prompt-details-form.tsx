"use client";

import { useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { VisibilityOptions, visibilityDescription } from "@/components/visibility";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type Prompt, usePromptActions } from "./api";
import { PROMPT_DETAILS_FIELDS, toPromptDetailsBody } from "./form-values";
import type { PromptDetailsValues } from "./schemas";

/** The details dialog's form; it mounts with each opening, so it starts from the prompt as saved. */
export function PromptDetailsForm({
  prompt,
  onSaved,
  onCancel,
}: {
  prompt: Prompt;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { updateDetails } = usePromptActions(prompt.name);
  const form = useForm<PromptDetailsValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.promptDetailsSchema)),
    defaultValues: { description: prompt.description ?? "", visibility: prompt.visibility },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await updateDetails.mutateAsync(toPromptDetailsBody(values));
      onSaved();
    } catch (error) {
      applyServerErrors(error, form.setError, PROMPT_DETAILS_FIELDS);
    }
  });

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4">
      {updateDetails.error ? <ErrorAlert error={updateDetails.error} title="The details were not saved" /> : null}
      <Field label="Description" error={errors.description?.message}>
        {(aria) => <Textarea {...aria} rows={3} {...form.register("description")} />}
      </Field>
      <Field
        label="Visibility"
        description={visibilityDescription(form.watch("visibility"))}
        error={errors.visibility?.message}
      >
        {(aria) => (
          <Select {...aria} {...form.register("visibility")}>
            <VisibilityOptions />
          </Select>
        )}
      </Field>
      <FormDialogFooter onCancel={onCancel} pending={updateDetails.isPending} submitLabel="Save details" />
    </form>
  );
}
