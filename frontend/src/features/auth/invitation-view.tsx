"use client";

import { useMutation } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { useForm } from "react-hook-form";
import { AuthCard } from "@/components/auth-card";
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
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { useInvitation } from "./api";
import { joinedTeamsMessage, listTeamNames } from "./joined-teams";
import type { AcceptInvitationValues } from "./schemas";
import { NoWayIn, OrDivider, SsoButton } from "./sso-button";

const FIELDS = ["display_name", "username", "password"] as const;

function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Why a link cannot be used, in words for the person holding it. */
function unusableReason(error: unknown): string {
  if (error instanceof ApiError && error.status === 410) {
    if (error.code === "invitation_revoked") return "This link no longer works: the invitation was revoked.";
    if (error.code === "invitation_expired") return "This link no longer works: the invitation has expired.";
    if (error.code === "invitation_accepted") return "This invitation was already accepted. Sign in instead.";
  }
  // Unknown tokens include links replaced by a newer one: only the newest link of an invitation works.
  return "This link no longer works: it was replaced by a newer link, revoked, or is mistyped.";
}

/** The end of the sign-up: which teams the newcomer is in now, and the way into SpecHub. */
function Joined({ teamNames }: { teamNames: string[] }) {
  const headingRef = React.useRef<HTMLHeadingElement>(null);
  React.useEffect(() => headingRef.current?.focus(), []);
  return (
    <AuthCard
      title={joinedTeamsMessage(teamNames)}
      headingRef={headingRef}
      description={
        teamNames.length > 1
          ? `Your primary team is ${teamNames[0]}; you are also a member of ${listTeamNames(teamNames.slice(1))}.`
          : "Your account is ready and you are signed in."
      }
    >
      <Button asChild className="w-full">
        <Link href="/welcome">
          Continue
          <ArrowRight aria-hidden />
        </Link>
      </Button>
    </AuthCard>
  );
}

/**
 * An invitation link: what it offers, and a form to create the account it is for; once accepted,
 * which teams the newcomer joined. With single sign-on, signing in with the identity provider
 * under the invited email creates the account as the invitation says instead; with password
 * sign-in off, that is the only way.
 */
export function InvitationView({ token, options }: { token: string; options: SignInOptions }) {
  const invitation = useInvitation(token);
  const form = useForm<AcceptInvitationValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.acceptInvitationSchema)),
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
    onError: (error) => applyServerErrors(error, form.setError, FIELDS),
  });
  const { errors } = form.formState;

  if (accept.isSuccess && invitation.data) {
    return <Joined teamNames={invitation.data.teams.map((team) => team.name)} />;
  }
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
          <div className="grid gap-2 text-sm text-muted-foreground">
            <p className="font-medium text-foreground">{unusableReason(invitation.error)}</p>
            <p>Ask whoever invited you for a new link.</p>
          </div>
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
          <strong className="text-foreground">{offer.email}</strong> is invited to{" "}
          {offer.teams.length > 1 ? "the teams " : "the team "}
          <strong className="text-foreground">{listTeamNames(offer.teams.map((team) => team.name))}</strong> as{" "}
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
