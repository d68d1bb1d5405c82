"use client";

import { useMutation } from "@tanstack/react-query";
import * as React from "react";
import { useForm } from "react-hook-form";
import { AuthCard } from "@/components/auth-card";
import { ErrorAlert } from "@/components/error-alert";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { api, unwrap } from "@/lib/api/client";
import type { SignInOptions } from "@/lib/api/types";
import { enterSignedIn } from "@/lib/enter-signed-in";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { slugify } from "@/lib/slug";
import type { RegisterValues } from "./schemas";

const FIELDS = ["org_name", "org_slug", "display_name", "email", "username", "password"] as const;

/**
 * First run: creates the organization (its root team) and its first administrator, then signs
 * in. Open even when password sign-in is off: someone has to set SpecHub up.
 */
export function RegisterForm({ options }: { options: SignInOptions }) {
  const form = useForm<RegisterValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.registerSchema)),
    defaultValues: { org_name: "", org_slug: "", display_name: "", email: "", username: "", password: "" },
  });
  // The slug follows the name until the user edits it.
  const [slugEdited, setSlugEdited] = React.useState(false);
  const register = useMutation({
    mutationFn: (values: RegisterValues) =>
      unwrap(api.POST("/api/v1/auth/register", { body: { ...values, display_name: values.display_name || null } })),
    onSuccess: () => enterSignedIn("/welcome"),
    onError: (error) => applyServerErrors(error, form.setError, FIELDS),
  });
  const { errors } = form.formState;

  return (
    <AuthCard
      title="Set up SpecHub"
      description="Create your organization and its first administrator. You can invite everyone else afterwards."
    >
      <form className="grid gap-4" noValidate onSubmit={form.handleSubmit((values) => register.mutate(values))}>
        {register.error ? <ErrorAlert error={register.error} /> : null}
        {options.sso ? (
          <Alert>
            <AlertDescription>
              Use the email address of your {options.sso.name} account: signing in with {options.sso.name} later finds
              this administrator by it.
              {options.password ? null : " Password sign-in is turned off, so this password serves only this setup."}
            </AlertDescription>
          </Alert>
        ) : null}
        <fieldset className="grid gap-4">
          <legend className="mb-2 text-sm font-semibold">Organization</legend>
          <Field label="Organization name" required error={errors.org_name?.message}>
            {(control) => (
              <Input
                {...control}
                autoFocus
                autoComplete="organization"
                {...form.register("org_name", {
                  onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
                    if (!slugEdited) {
                      form.setValue("org_slug", slugify(event.target.value), {
                        shouldValidate: form.formState.isSubmitted,
                      });
                    }
                  },
                })}
              />
            )}
          </Field>
          <Field
            label="Short name"
            required
            description="Lower-case letters, digits and '-'; used as the root team's slug."
            error={errors.org_slug?.message}
          >
            {(control) => (
              <Input {...control} {...form.register("org_slug", { onChange: () => setSlugEdited(true) })} />
            )}
          </Field>
        </fieldset>
        <fieldset className="grid gap-4">
          <legend className="mb-2 text-sm font-semibold">Administrator</legend>
          <Field label="Display name" error={errors.display_name?.message}>
            {(control) => <Input {...control} autoComplete="name" {...form.register("display_name")} />}
          </Field>
          <Field label="Email" required error={errors.email?.message}>
            {(control) => <Input {...control} type="email" autoComplete="email" {...form.register("email")} />}
          </Field>
          <Field label="Username" required error={errors.username?.message}>
            {(control) => <Input {...control} autoComplete="username" {...form.register("username")} />}
          </Field>
          <Field label="Password" required description="At least 8 characters." error={errors.password?.message}>
            {(control) => (
              <Input {...control} type="password" autoComplete="new-password" {...form.register("password")} />
            )}
          </Field>
        </fieldset>
        <Button type="submit" disabled={register.isPending || register.isSuccess} className="mt-2">
          {register.isPending ? "Creating…" : "Create organization"}
        </Button>
      </form>
    </AuthCard>
  );
}
