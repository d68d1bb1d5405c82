"use client";

import { useRouter } from "next/navigation";
import { FormProvider, useForm, useWatch } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { PageFormFooter } from "@/components/form-footers";
import { PageHeader } from "@/components/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { VisibilityOptions, visibilityDescription } from "@/components/visibility";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { useCreatePrompt } from "./api";
import { formFieldFor, PROMPT_FIELDS, toVersionBody, versionFormDefaults } from "./form-values";
import type { PromptFormValues } from "./schemas";
import { VersionFields } from "./version-fields";

export function PromptCreateView() {
  const router = useRouter();
  const form = useForm<PromptFormValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.promptFormSchema)),
    defaultValues: { name: "", description: "", visibility: "private", ...versionFormDefaults(null) },
  });
  const create = useCreatePrompt();
  const { errors } = form.formState;
  const visibility = useWatch({ control: form.control, name: "visibility" });

  const onSubmit = form.handleSubmit((values) =>
    create.mutate(
      {
        name: values.name.trim(),
        description: values.description.trim() || null,
        visibility: values.visibility,
        version: toVersionBody(values),
      },
      {
        onSuccess: (prompt) => router.push(`/prompts/${encodeURIComponent(prompt.name)}`),
        onError: (error) => applyServerErrors(error, form.setError, PROMPT_FIELDS, formFieldFor),
      },
    ),
  );

  return (
    <>
      <PageHeader title="New prompt" description="A prompt starts with its first version; add more versions later." />
      <FormProvider {...form}>
        <form noValidate onSubmit={onSubmit} className="grid grid-cols-1 gap-6">
          {create.error ? <ErrorAlert error={create.error} title="The prompt was not created" /> : null}
          <Card>
            <CardHeader>
              <CardTitle>About</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              <div className="grid gap-4 sm:grid-cols-2">
                <Field
                  label="Name"
                  required
                  description="Lower-case letters, digits and '-'. IDEs show it as a command; it cannot change later."
                  error={errors.name?.message}
                >
                  {(control) => <Input {...control} autoFocus placeholder="code-review" {...form.register("name")} />}
                </Field>
                <Field
                  label="Visibility"
                  description={visibilityDescription(visibility)}
                  error={errors.visibility?.message}
                >
                  {(control) => (
                    <Select {...control} {...form.register("visibility")}>
                      <VisibilityOptions />
                    </Select>
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
              <CardTitle>First version</CardTitle>
              <CardDescription>What expansion renders, and the input it expects.</CardDescription>
            </CardHeader>
            <CardContent>
              <VersionFields />
            </CardContent>
          </Card>
          <PageFormFooter
            cancelHref="/prompts"
            pending={create.isPending}
            done={create.isSuccess}
            submitLabel="Create prompt"
          />
        </form>
      </FormProvider>
    </>
  );
}
