"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { api, unwrap } from "@/lib/api/client";
import { useSchemaForm } from "@/lib/use-schema-form";
import { AuthCard } from "./auth-card";
import type { LoginValues } from "./schemas";

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const form = useSchemaForm<LoginValues>({
    loadSchema: () => import("./schemas").then((schemas) => schemas.loginSchema),
    defaultValues: { identifier: "", password: "" },
  });
  const login = useMutation({
    meta: { unauthorizedIsExpected: true },
    // The backend accepts an email or a username in `email`.
    mutationFn: (values: LoginValues) =>
      unwrap(api.POST("/api/v1/auth/login", { body: { email: values.identifier, password: values.password } })),
    onSuccess: () => {
      router.replace(next);
      router.refresh();
    },
  });
  const { errors } = form;

  return (
    <AuthCard title="Sign in to SpecHub" description="Use the account your administrator created or invited you to.">
      <form className="grid gap-4" noValidate onSubmit={form.handleSubmit((values) => login.mutate(values))}>
        {login.error ? <ErrorAlert error={login.error} /> : null}
        <Field label="Email or username" error={errors.identifier?.message}>
          {(control) => <Input {...control} autoComplete="username" autoFocus {...form.register("identifier")} />}
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
    </AuthCard>
  );
}
