"use client";

import { useRouter } from "next/navigation";
import * as React from "react";
import { useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { PageFormFooter } from "@/components/form-footers";
import { PageHeader } from "@/components/page-header";
import { TeamChoice } from "@/components/team-choice";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { UserSummary } from "@/components/user-picker";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { useCurrentUser } from "@/lib/session";
import { slugify } from "@/lib/slug";
import { useCreateProject } from "./api";
import { LeadField } from "./lead-field";
import type { ProjectCreateValues } from "./schemas";

const PROJECT_CREATE_FIELDS = ["team_id", "name", "slug", "description", "lead_user_id"] as const;

export function ProjectCreateView() {
  const user = useCurrentUser();
  const router = useRouter();
  const create = useCreateProject();
  const [lead, setLead] = React.useState<UserSummary | null>(null);
  // The slug follows the name until someone edits it by hand.
  const [slugEdited, setSlugEdited] = React.useState(false);
  const form = useForm<ProjectCreateValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.projectCreateSchema)),
    defaultValues: { team_id: user.team_id, name: "", slug: "", description: "", lead_user_id: "" },
  });
  const { errors } = form.formState;
  // Values set by code rather than typed are checked again once the form has been submitted, as typed ones are.
  const setValue = (name: "slug" | "lead_user_id", value: string) =>
    form.setValue(name, value, { shouldValidate: form.formState.isSubmitted });

  const onSubmit = form.handleSubmit((values) =>
    create.mutate(
      {
        team_id: values.team_id,
        name: values.name.trim(),
        slug: values.slug.trim(),
        description: values.description.trim() || null,
        lead_user_id: values.lead_user_id || null,
      },
      {
        onSuccess: (project) => router.push(`/projects/${project.id}`),
        onError: (error) => applyServerErrors(error, form.setError, PROJECT_CREATE_FIELDS),
      },
    ),
  );

  return (
    <>
      <PageHeader
        title="New project"
        description="A project belongs to a team; its lead and the team's managers manage it."
      />
      <form noValidate onSubmit={onSubmit} className="grid grid-cols-1 gap-6">
        {create.error ? <ErrorAlert error={create.error} title="The project was not created" /> : null}
        <Card>
          <CardHeader>
            <CardTitle>About</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4">
            <TeamChoice
              className="sm:max-w-md"
              legend="Team"
              searchLabel="Find another team for the project"
              value={form.watch("team_id")}
              onChange={(teamId) => form.setValue("team_id", teamId, { shouldValidate: form.formState.isSubmitted })}
              error={errors.team_id?.message}
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Name" required error={errors.name?.message}>
                {(control) => (
                  <Input
                    {...control}
                    autoFocus
                    placeholder="Mobile app"
                    {...form.register("name", {
                      onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
                        if (!slugEdited) setValue("slug", slugify(event.target.value));
                      },
                    })}
                  />
                )}
              </Field>
              <Field
                label="Slug"
                required
                description="Lower-case letters, digits and '-'; it cannot change later."
                error={errors.slug?.message}
              >
                {(control) => (
                  <Input
                    {...control}
                    className="font-mono"
                    placeholder="mobile-app"
                    {...form.register("slug", { onChange: () => setSlugEdited(true) })}
                  />
                )}
              </Field>
            </div>
            <Field label="Description" error={errors.description?.message}>
              {(control) => <Textarea {...control} rows={2} {...form.register("description")} />}
            </Field>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Lead</CardTitle>
            <CardDescription>Optional: someone who manages the project besides the team's managers.</CardDescription>
          </CardHeader>
          <CardContent>
            <LeadField
              lead={lead}
              onChange={(next) => {
                setLead(next);
                setValue("lead_user_id", next?.id ?? "");
              }}
            />
            {errors.lead_user_id?.message ? (
              <p className="mt-2 text-xs font-medium text-destructive">{errors.lead_user_id.message}</p>
            ) : null}
          </CardContent>
        </Card>
        <PageFormFooter
          cancelHref="/projects"
          pending={create.isPending}
          done={create.isSuccess}
          submitLabel="Create project"
        />
      </form>
    </>
  );
}
