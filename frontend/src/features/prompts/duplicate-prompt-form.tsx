"use client";

import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { VISIBILITY_OPTIONS, VisibilityOptions, visibilityDescription } from "@/components/visibility";
import { ApiError } from "@/lib/api/errors";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type Prompt, type PromptVersion, useCreatePrompt } from "./api";
import { defaultSourceVersion, duplicateName, toDuplicateBody } from "./duplicate";
import type { DuplicatePromptValues } from "./schemas";

const FIELDS = ["name", "visibility"] as const;

const visibilityLabel = (value: string) =>
  (VISIBILITY_OPTIONS.find((option) => option.value === value)?.label ?? value).toLowerCase();

/** The duplicate dialog's form; it mounts with each opening, so it starts from the suggested name. */
export function DuplicatePromptForm({
  prompt,
  versions,
  onCancel,
}: {
  prompt: Prompt;
  versions: PromptVersion[];
  onCancel: () => void;
}) {
  const router = useRouter();
  const create = useCreatePrompt();
  const form = useForm<DuplicatePromptValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.duplicatePromptSchema)),
    defaultValues: {
      name: duplicateName(prompt.name),
      version_id: defaultSourceVersion(prompt, versions)?.id ?? "",
      // A copy is a draft of one's own: it starts private whatever the original's visibility.
      visibility: "private",
    },
  });
  const { errors } = form.formState;
  const served = prompt.active_version?.id;

  const onSubmit = form.handleSubmit(async (values) => {
    const source = versions.find((version) => version.id === values.version_id);
    if (!source) return form.setError("version_id", { type: "manual", message: "Choose the version to copy" });
    try {
      const copy = await create.mutateAsync(toDuplicateBody(prompt, source, values));
      router.push(`/prompts/${encodeURIComponent(copy.name)}`);
    } catch (error) {
      // A taken name is the one problem the person can fix here: say it at the field.
      if (error instanceof ApiError && error.status === 409) {
        form.setError("name", { type: "server", message: `A prompt named “${values.name.trim()}” already exists` });
        create.reset();
        form.setFocus("name");
        return;
      }
      applyServerErrors(error, form.setError, FIELDS);
    }
  });

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4">
      {create.error ? <ErrorAlert error={create.error} title="The copy was not created" /> : null}
      <Field
        label="New name"
        required
        description="Lower-case letters, digits and '-'. It cannot change later."
        error={errors.name?.message}
      >
        {(aria) => <Input {...aria} autoComplete="off" spellCheck={false} {...form.register("name")} />}
      </Field>
      <Field label="Copy version" error={errors.version_id?.message}>
        {(aria) => (
          <Select {...aria} {...form.register("version_id")}>
            {versions.map((version) => (
              <option key={version.id} value={version.id}>
                {version.version}
                {version.id === served ? " (served)" : ""}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field
        label="Visibility"
        description={`Copies start private; the original is ${visibilityLabel(prompt.visibility)}. ${
          visibilityDescription(form.watch("visibility")) ?? ""
        }.`}
        error={errors.visibility?.message}
      >
        {(aria) => (
          <Select {...aria} {...form.register("visibility")}>
            <VisibilityOptions />
          </Select>
        )}
      </Field>
      <FormDialogFooter
        onCancel={onCancel}
        pending={create.isPending || create.isSuccess}
        submitLabel="Duplicate"
        pendingLabel="Duplicating…"
      />
    </form>
  );
}
