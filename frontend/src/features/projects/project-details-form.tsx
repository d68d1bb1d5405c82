"use client";

import { useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type Project, useUpdateProject } from "./api";
import type { ProjectDetailsValues } from "./schemas";

/** The project's name and description, editable by those who manage it. */
export function DetailsForm({
  project,
  manage,
  onSaved,
}: {
  project: Project;
  manage: boolean;
  onSaved: (m: string) => void;
}) {
  const update = useUpdateProject(project.id);
  const form = useForm<ProjectDetailsValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.projectDetailsSchema)),
    values: { name: project.name, description: project.description ?? "" },
  });
  const { errors, isDirty } = form.formState;
  const onSubmit = form.handleSubmit((values) =>
    update.mutate(
      { name: values.name.trim(), description: values.description.trim() || null },
      {
        onSuccess: (saved) => onSaved(`${saved.name} is saved.`),
        onError: (error) => applyServerErrors(error, form.setError, ["name", "description"]),
      },
    ),
  );
  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4" aria-label="Project details">
      {update.error ? <ErrorAlert error={update.error} title="The project was not saved" /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" required error={errors.name?.message}>
          {(control) => <Input {...control} readOnly={!manage} {...form.register("name")} />}
        </Field>
        <Field label="Slug" description="Fixed when the project was created.">
          {(control) => <Input {...control} readOnly className="bg-muted/50 font-mono" value={project.slug} />}
        </Field>
      </div>
      <Field label="Description" error={errors.description?.message}>
        {(control) => <Textarea {...control} rows={2} readOnly={!manage} {...form.register("description")} />}
      </Field>
      {manage ? (
        <div>
          <Button type="submit" disabled={update.isPending || !isDirty}>
            {update.isPending ? "Saving…" : "Save details"}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
