"use client";

import * as React from "react";
import { useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { slugify } from "@/lib/slug";
import { type Team, useTeamMutations } from "./api";
import { TEAM_FIELDS, toTeamBody } from "./form-values";
import type { TeamFormValues } from "./schemas";

/** The new-team dialog's form; it mounts with each opening, so every team starts from an empty form. */
export function TeamForm({
  mode,
  relative,
  onCreated,
  onCancel,
}: {
  mode: "below" | "above";
  relative: Team;
  onCreated: (team: Team) => void;
  onCancel: () => void;
}) {
  const { create, insertAbove } = useTeamMutations();
  const mutation = mode === "below" ? create : insertAbove;
  const form = useForm<TeamFormValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.teamFormSchema)),
    defaultValues: { name: "", slug: "", description: "" },
  });
  // The slug follows the name until it is edited by hand.
  const [slugTouched, setSlugTouched] = React.useState(false);
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const team =
        mode === "below"
          ? await create.mutateAsync(toTeamBody(values, relative.id))
          : await insertAbove.mutateAsync({ childId: relative.id, body: toTeamBody(values, relative.parent_team_id) });
      onCreated(team);
    } catch (error) {
      applyServerErrors(error, form.setError, TEAM_FIELDS);
    }
  });

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4">
      {mutation.error ? <ErrorAlert error={mutation.error} title="The team was not created" /> : null}
      <Field label="Team name" required error={errors.name?.message}>
        {(aria) => (
          <Input
            {...aria}
            {...form.register("name", {
              onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
                if (!slugTouched) form.setValue("slug", slugify(event.target.value));
              },
            })}
            autoComplete="off"
          />
        )}
      </Field>
      <Field
        label="Short name"
        required
        description="Unique across the organisation: lower-case letters, digits and '-'."
        error={errors.slug?.message}
      >
        {(aria) => (
          <Input
            {...aria}
            {...form.register("slug", { onChange: () => setSlugTouched(true) })}
            autoComplete="off"
            className="font-mono"
          />
        )}
      </Field>
      <Field label="Description" error={errors.description?.message}>
        {(aria) => <Textarea {...aria} {...form.register("description")} rows={3} />}
      </Field>
      <FormDialogFooter
        onCancel={onCancel}
        pending={mutation.isPending}
        submitLabel={mode === "below" ? "Create team" : "Insert team"}
        pendingLabel="Creating…"
      />
    </form>
  );
}
