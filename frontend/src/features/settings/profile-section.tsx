"use client";

import { useRouter } from "next/navigation";
import * as React from "react";
import { useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type Me, useUpdateMe } from "./api";
import type { PasswordValues, ProfileValues } from "./schemas";

const PROFILE_FIELDS = ["display_name", "email"] as const;
const PASSWORD_FIELDS = ["current_password", "password"] as const;

function ProfileForm({ me }: { me: Me }) {
  const router = useRouter();
  const update = useUpdateMe(me.id);
  const [saved, setSaved] = React.useState(false);
  const form = useForm<ProfileValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.profileSchema)),
    defaultValues: { display_name: me.display_name ?? "", email: me.email ?? "" },
  });
  const { errors, isDirty } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    setSaved(false);
    update.mutate(
      // The API keeps a field unchanged when it is null, so clearing means "leave as is".
      { display_name: values.display_name.trim() || null, email: values.email || null },
      {
        onSuccess: (user) => {
          form.reset({ display_name: user.display_name ?? "", email: user.email ?? "" });
          setSaved(true);
          // The menu's name comes from the server-rendered session: render it again.
          router.refresh();
        },
        onError: (error) => applyServerErrors(error, form.setError, PROFILE_FIELDS),
      },
    );
  });

  return (
    <Card>
      <form noValidate onSubmit={onSubmit}>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>
            Signed in as <span className="font-mono">@{me.username}</span>{" "}
            <Badge variant={me.role === "admin" ? "default" : "secondary"}>{me.role}</Badge>
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {update.error ? <ErrorAlert error={update.error} title="Your profile was not saved" /> : null}
          {saved && !isDirty ? <Alert variant="success">Your profile is saved.</Alert> : null}
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Display name" error={errors.display_name?.message}>
              {(control) => <Input {...control} autoComplete="name" {...form.register("display_name")} />}
            </Field>
            <Field label="Email" error={errors.email?.message}>
              {(control) => <Input {...control} type="email" autoComplete="email" {...form.register("email")} />}
            </Field>
          </div>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" disabled={update.isPending || !isDirty}>
            {update.isPending ? "Saving…" : "Save profile"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function PasswordForm({ me }: { me: Me }) {
  const update = useUpdateMe(me.id);
  const [saved, setSaved] = React.useState(false);
  const form = useForm<PasswordValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.passwordSchema)),
    defaultValues: { current_password: "", password: "", confirm: "" },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) => {
    setSaved(false);
    update.mutate(
      { password: values.password, current_password: values.current_password },
      {
        onSuccess: () => {
          form.reset();
          setSaved(true);
        },
        onError: (error) => applyServerErrors(error, form.setError, PASSWORD_FIELDS),
      },
    );
  });

  return (
    <Card>
      <form noValidate onSubmit={onSubmit}>
        <CardHeader>
          <CardTitle>Password</CardTitle>
          <CardDescription>At least 8 characters; you will need it the next time you sign in.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {update.error ? <ErrorAlert error={update.error} title="Your password was not changed" /> : null}
          {saved ? <Alert variant="success">Your password is changed.</Alert> : null}
          <Field label="Current password" required error={errors.current_password?.message}>
            {(control) => (
              <Input
                {...control}
                type="password"
                autoComplete="current-password"
                className="sm:max-w-sm"
                {...form.register("current_password")}
              />
            )}
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="New password" required error={errors.password?.message}>
              {(control) => (
                <Input {...control} type="password" autoComplete="new-password" {...form.register("password")} />
              )}
            </Field>
            <Field label="Confirm new password" required error={errors.confirm?.message}>
              {(control) => (
                <Input {...control} type="password" autoComplete="new-password" {...form.register("confirm")} />
              )}
            </Field>
          </div>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" disabled={update.isPending}>
            {update.isPending ? "Changing…" : "Change password"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

export function ProfileSection({ me }: { me: Me }) {
  return (
    <div className="grid gap-6">
      <ProfileForm me={me} />
      <PasswordForm me={me} />
    </div>
  );
}
