"use client";

import { FormProvider, useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type Prompt, type PromptVersion, usePromptActions } from "./api";
import { formFieldFor, toVersionBody, VERSION_FIELDS, versionFormDefaults } from "./form-values";
import type { VersionFormValues } from "./schemas";
import { VersionFields } from "./version-fields";

/**
 * The new-version dialog's form. It mounts with each opening, so it starts from the current
 * latest version rather than from an abandoned draft.
 */
export function NewVersionForm({
  name,
  latest,
  onCreated,
  onCancel,
}: {
  name: string;
  latest: Prompt["latest_version"];
  onCreated: (version: PromptVersion) => void;
  onCancel: () => void;
}) {
  const { addVersion } = usePromptActions(name);
  // The same form as the new-prompt page's, whose version fields it shares.
  const form = useForm<VersionFormValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.versionFormSchema)),
    defaultValues: versionFormDefaults(latest),
  });

  const onSubmit = form.handleSubmit((values) =>
    addVersion.mutate(toVersionBody(values), {
      onSuccess: onCreated,
      onError: (error) => applyServerErrors(error, form.setError, VERSION_FIELDS, formFieldFor),
    }),
  );

  return (
    <FormProvider {...form}>
      <form noValidate onSubmit={onSubmit} className="grid gap-4">
        {addVersion.error ? <ErrorAlert error={addVersion.error} title="The version was not saved" /> : null}
        <VersionFields />
        <FormDialogFooter onCancel={onCancel} pending={addVersion.isPending} submitLabel="Save version" />
      </form>
    </FormProvider>
  );
}
