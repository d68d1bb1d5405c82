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
import { slugify } from "@/lib/slug";
import { type Team, useTeamMutations } from "./api";
import { TEAM_FIELDS, toTeamBody } from "./form-values";
import type { TeamFormValues } from "./schemas";

const EMPTY: TeamFormValues = { name: "", slug: "", description: "" };

/**
 * Creates a team: under `relative` as a sub-team, or (`mode: "above"`) in its place with
 * `relative` moved beneath the new team.
 */
export function TeamFormDialog({
  mode,
  relative,
  trigger,
  onCreated,
}: {
  mode: "below" | "above";
  relative: Team;
  trigger: React.ReactElement;
  onCreated: (team: Team) => void;
}) {
  const [open, setOpen] = React.useState(false);
  const { create, insertAbove } = useTeamMutations();
  const mutation = mode === "below" ? create : insertAbove;
  const form = useForm<TeamFormValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.teamFormSchema)),
    defaultValues: EMPTY,
  });
  // The slug follows the name until it is edited by hand.
  const [slugTouched, setSlugTouched] = React.useState(false);
  const { errors } = form.formState;

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset(EMPTY);
      setSlugTouched(false);
      mutation.reset();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const team =
        mode === "below"
          ? await create.mutateAsync(toTeamBody(values, relative.id))
          : await insertAbove.mutateAsync({ childId: relative.id, body: toTeamBody(values, relative.parent_team_id) });
      setOpen(false);
      onCreated(team);
    } catch (error) {
      applyServerErrors(error, form.setError, TEAM_FIELDS);
    }
  });

  const title = mode === "below" ? `New sub-team of ${relative.name}` : `Insert a team above ${relative.name}`;
  const description =
    mode === "below"
      ? "The new team inherits the policies and objectives of every team above it."
      : `The new team takes ${relative.name}'s place in the tree, and ${relative.name} moves beneath it.`;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
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
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={mutation.isPending}>
              {mutation.isPending ? "Creating…" : mode === "below" ? "Create team" : "Insert team"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
