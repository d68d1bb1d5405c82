"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ErrorAlert } from "@/components/error-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { api, unwrap } from "@/lib/api/client";
import { ApiError } from "@/lib/api/errors";
import type { SignInOptions } from "@/lib/api/types";
import { applyServerErrors } from "@/lib/forms";
import { useSchemaForm } from "@/lib/use-schema-form";
import { AuthCard } from "./auth-card";
import type { AcceptInvitationValues } from "./schemas";
import { NoWayIn, OrDivider, SsoButton } from "./sso-button";

const FIELDS = ["display_name", "username", "password"] as const;

function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/**
 * An invitation link: what it offers, and a form to create the account it is for. With single
 * sign-on, signing in with the identity provider under the invited email creates the account
 * as the invitation says instead; with password sign-in off, that is the only way.
 */
export function InvitationView({ token, options }: { token: string; options: SignInOptions }) {
  const router = useRouter();
  const invitation = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => unwrap(api.GET("/api/v1/auth/invitations/token/{token}", { params: { path: { token } } })),
  });
  const form = useSchemaForm<AcceptInvitationValues>({
    loadSchema: () => import("./schemas").then((schemas) => schemas.acceptInvitationSchema),
    defaultValues: { display_name: "", username: "", password: "" },
  });
  const accept = useMutation({
    mutationFn: (values: AcceptInvitationValues) =>
      unwrap(
        api.POST("/api/v1/auth/invitations/{token}/accept", {
          params: { path: { token } },
          body: { ...values, display_name: values.display_name || null },
        }),
      ),
    onSuccess: () => {
      router.replace("/");
      router.refresh();
    },
    onError: (error) => applyServerErrors(error, form.setError, FIELDS),
  });
  const { errors } = form;

  if (invitation.isPending) {
    return (
      <AuthCard title="Join SpecHub" description="Loading your invitation…">
        <div className="grid gap-3">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-9" />
          <Skeleton className="h-9" />
        </div>
      </AuthCard>
    );
  }
  if (invitation.isError) {
    const status = invitation.error instanceof ApiError ? invitation.error.status : 0;
    const gone = status === 404 || status === 410;
    return (
      <AuthCard
        title={gone ? "This invitation cannot be used" : "Join SpecHub"}
        footer={
          <span>
            Already have an account?{" "}
            <Link className="font-medium text-primary underline-offset-4 hover:underline" href="/login">
              Sign in
            </Link>
          </span>
        }
      >
        {gone ? (
          <p className="text-sm text-muted-foreground">
            It was already accepted, withdrawn, or has expired. Ask an administrator for a new invitation.
          </p>
        ) : (
          <ErrorAlert error={invitation.error} onRetry={() => void invitation.refetch()} />
        )}
      </AuthCard>
    );
  }

  const offer = invitation.data;
  const { sso, password } = options;
  const ssoPart = sso ? (
    <div className="grid gap-3">
      <p className="text-sm text-muted-foreground">
        Sign in with {sso.name} as <strong className="text-foreground">{offer.email}</strong>: your account is created
        with this invitation.
      </p>
      <SsoButton sso={sso} next="/" primary={!password} />
    </div>
  ) : null;
  return (
    <AuthCard
      title="Join SpecHub"
      description={
        <span>
          <strong className="text-foreground">{offer.email}</strong> is invited to the team{" "}
          <strong className="text-foreground">{offer.team_name}</strong> as{" "}
          <Badge variant={offer.role === "admin" ? "default" : "secondary"}>{offer.role}</Badge>. The invitation expires{" "}
          {formatDate(offer.expires_at)}.
        </span>
      }
    >
      {password ? null : (ssoPart ?? <NoWayIn />)}
      {password && ssoPart ? (
        <div className="mb-4 grid gap-4">
          {ssoPart}
          <OrDivider />
        </div>
      ) : null}
      {password ? (
        <form className="grid gap-4" noValidate onSubmit={form.handleSubmit((values) => accept.mutate(values))}>
          {accept.error ? <ErrorAlert error={accept.error} /> : null}
          <Field label="Display name" error={errors.display_name?.message}>
            {(control) => <Input {...control} autoFocus autoComplete="name" {...form.register("display_name")} />}
          </Field>
          <Field label="Username" required error={errors.username?.message}>
            {(control) => <Input {...control} autoComplete="username" {...form.register("username")} />}
          </Field>
          <Field label="Password" required description="At least 8 characters." error={errors.password?.message}>
            {(control) => (
              <Input {...control} type="password" autoComplete="new-password" {...form.register("password")} />
            )}
          </Field>
          <Button type="submit" disabled={accept.isPending || accept.isSuccess} className="mt-2">
            {accept.isPending ? "Creating your account…" : "Accept invitation"}
          </Button>
        </form>
      ) : null}
    </AuthCard>
  );
}
