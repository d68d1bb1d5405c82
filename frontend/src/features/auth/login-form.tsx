"use client";

import { useMutation } from "@tanstack/react-query";
import { AlertCircle } from "lucide-react";
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
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import type { LoginValues } from "./schemas";
import { NoWayIn, OrDivider, SsoButton } from "./sso-button";

/**
 * The sign-in page: the identity provider's button when single sign-on is set up, the password
 * form unless password sign-in is off, and why a single sign-on attempt came back (`ssoError`).
 */
export function LoginForm({
  next,
  options,
  ssoError,
}: {
  next: string;
  options: SignInOptions;
  ssoError: string | null;
}) {
  const form = useForm<LoginValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.loginSchema)),
    defaultValues: { identifier: "", password: "" },
  });
  const login = useMutation({
    meta: { unauthorizedIsExpected: true },
    // The backend accepts an email or a username in `email`.
    mutationFn: (values: LoginValues) =>
      unwrap(api.POST("/api/v1/auth/login", { body: { email: values.identifier, password: values.password } })),
    onSuccess: () => enterSignedIn(next),
  });
  const { errors } = form.formState;
  const { sso, password } = options;

  return (
    <AuthCard
      title="Sign in to SpecHub"
      description={
        password
          ? "Use the account your administrator created or invited you to."
          : sso
            ? `Sign in with your ${sso.name} account.`
            : undefined
      }
    >
      <div className="grid gap-4">
        {ssoError ? (
          <Alert variant="destructive" className="flex gap-3">
            <AlertCircle className="mt-0.5 shrink-0" aria-hidden />
            <AlertDescription>{ssoError}</AlertDescription>
          </Alert>
        ) : null}
        {sso ? <SsoButton sso={sso} next={next} primary={!password} /> : null}
        {sso && password ? <OrDivider /> : null}
        {password ? (
          <form className="grid gap-4" noValidate onSubmit={form.handleSubmit((values) => login.mutate(values))}>
            {login.error ? <ErrorAlert error={login.error} /> : null}
            <Field label="Email or username" error={errors.identifier?.message}>
              {(control) => (
                <Input {...control} autoComplete="username" autoFocus={!sso} {...form.register("identifier")} />
              )}
            </Field>
            <Field label="Password" error={errors.password?.message}>
              {(control) => (
                <Input {...control} type="password" autoComplete="current-password" {...form.register("password")} />
              )}
            </Field>
            <Button type="submit" disabled={login.isPending || login.isSuccess} className="mt-2">
              {login.isPending ? "Signing in…" : "Sign in"}
            </Button>
          </form>
        ) : null}
        {!password && !sso ? <NoWayIn /> : null}
      </div>
    </AuthCard>
  );
}
