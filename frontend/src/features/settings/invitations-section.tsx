"use client";

import { Mail, RefreshCw, Send } from "lucide-react";
import * as React from "react";
import { useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { TeamChoice } from "@/components/team-choice";
import { TeamChoices } from "@/components/team-choices";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTeamsById } from "@/lib/api/teams";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { useCurrentUser } from "@/lib/session";
import {
  type Invitation,
  PendingInvitationError,
  useCreateInvitation,
  useInvitations,
  useRegenerateInvitation,
  useRevokeInvitation,
} from "./api";
import { INVITATION_FILTERS, invitationTeamIds, ROLE_OPTIONS, teamNames, toInvitationFilter } from "./form-values";
import { invitationLink } from "./mcp-config";
import type { InvitationValues } from "./schemas";

const FIELDS = ["email", "team_id", "role"] as const;
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

const STATUS_BADGE = {
  pending: "default",
  accepted: "success",
  revoked: "destructive",
  expired: "warning",
} as const;

/** A link just made (at creation or regeneration) is shown once: only its hash is stored. */
type ShownLink = { invitation: Invitation; regenerated: boolean };

function InvitationLinkDialog({ shown, onClose }: { shown: ShownLink | null; onClose: () => void }) {
  const [origin, setOrigin] = React.useState("");
  React.useEffect(() => setOrigin(window.location.origin), []);
  const invitation = shown?.invitation;
  const link = invitation?.token && origin ? invitationLink(origin, invitation.token) : "";
  return (
    <Dialog open={shown !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-xl" onInteractOutside={(event) => event.preventDefault()}>
        <DialogHeader>
          <DialogTitle>
            {shown?.regenerated ? "New link" : "Invitation"} for {invitation?.email} is ready
          </DialogTitle>
          <DialogDescription>
            {shown?.regenerated ? "The previous link no longer works. " : null}
            Send this link to them yourself: SpecHub sends no email. It is shown only this once (to get it again,
            regenerate it), and works until{" "}
            {invitation ? dateTimeFormat.format(new Date(invitation.expires_at)) : "it expires"}.
          </DialogDescription>
        </DialogHeader>
        <div className="flex items-center gap-2">
          <code
            data-testid="invitation-link"
            className="min-w-0 flex-1 break-all rounded-md border bg-muted px-3 py-2 font-mono text-sm"
          >
            {link}
          </code>
          <CopyButton text={link} label="Copy invitation link" />
        </div>
        <DialogFooter>
          <Button onClick={onClose}>Done</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function InviteForm({
  onCreated,
  onRegenerate,
}: {
  onCreated: (invitation: Invitation) => void;
  onRegenerate: (invitationId: string, email: string) => void;
}) {
  const me = useCurrentUser();
  const create = useCreateInvitation();
  const form = useForm<InvitationValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.invitationSchema)),
    defaultValues: { email: "", team_id: me.team_id, other_team_ids: [], role: "member" },
  });
  const { errors } = form.formState;
  const primaryTeamId = form.watch("team_id");
  const otherTeamIds = form.watch("other_team_ids");

  const onSubmit = form.handleSubmit((values) =>
    create.mutate(
      { email: values.email, role: values.role, team_ids: invitationTeamIds(values.team_id, values.other_team_ids) },
      {
        onSuccess: (invitation) => {
          form.reset({ email: "", team_id: values.team_id, other_team_ids: [], role: "member" });
          onCreated(invitation);
        },
        onError: (error) => applyServerErrors(error, form.setError, FIELDS),
      },
    ),
  );
  const pending = create.error instanceof PendingInvitationError ? create.error : null;

  return (
    <Card>
      <form noValidate onSubmit={onSubmit}>
        <CardHeader>
          <CardTitle>Invite someone</CardTitle>
          <CardDescription>They get a link to choose their own username and password.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {pending ? (
            <Alert className="grid gap-2">
              <p>
                {form.getValues("email")} already has a pending invitation. Its link is shown only once: regenerate it
                to get a new link to send (the old link stops working).
              </p>
              <div>
                <Button
                  type="button"
                  size="sm"
                  variant="outline"
                  onClick={() => {
                    onRegenerate(pending.invitationId, form.getValues("email"));
                    create.reset();
                  }}
                >
                  <RefreshCw aria-hidden />
                  Regenerate link
                </Button>
              </div>
            </Alert>
          ) : create.error ? (
            <ErrorAlert error={create.error} title="The invitation was not created" />
          ) : null}
          <div className="grid gap-4 sm:grid-cols-[3fr_1fr]">
            <Field label="Email" required error={errors.email?.message}>
              {(control) => <Input {...control} type="email" autoComplete="off" {...form.register("email")} />}
            </Field>
            <Field label="Role" error={errors.role?.message}>
              {(control) => (
                <Select {...control} {...form.register("role")}>
                  {ROLE_OPTIONS.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <TeamChoice
              legend="Primary team"
              searchLabel="Find the primary team"
              value={primaryTeamId}
              onChange={(teamId) => form.setValue("team_id", teamId, { shouldValidate: form.formState.isSubmitted })}
              error={errors.team_id?.message}
            />
            <TeamChoices
              legend="Also joins (optional, after the primary team)"
              searchLabel="Find another team to join"
              value={otherTeamIds.filter((id) => id !== primaryTeamId)}
              exclude={[primaryTeamId]}
              onChange={(next) => form.setValue("other_team_ids", next)}
            />
          </div>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" disabled={create.isPending}>
            <Send aria-hidden />
            {create.isPending ? "Creating…" : "Create invitation"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

/** Admins: invite people into a team, follow what became of each invitation, revoke pending ones. */
export function InvitationsSection({
  status,
  onStatusChange,
}: {
  status: string;
  onStatusChange: (status: string | null) => void;
}) {
  const filter = toInvitationFilter(status);
  const invitations = useInvitations(filter);
  // The names of the listed invitations' teams, by id.
  const teams = useTeamsById(invitations.data?.flatMap((invitation) => invitation.team_ids) ?? []);
  const revoke = useRevokeInvitation();
  const regenerate = useRegenerateInvitation();
  const [shown, setShown] = React.useState<ShownLink | null>(null);
  const [notice, setNotice] = React.useState<string | null>(null);
  const regenerateLink = (invitationId: string) =>
    regenerate.mutateAsync(invitationId, {
      onSuccess: (invitation) => {
        setNotice(null);
        setShown({ invitation, regenerated: true });
      },
    });

  return (
    <div className="grid gap-6">
      <InviteForm
        onCreated={(invitation) => {
          setNotice(null);
          setShown({ invitation, regenerated: false });
        }}
        onRegenerate={(invitationId) => void regenerateLink(invitationId).catch(() => undefined)}
      />
      <Card>
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
          <div className="grid gap-1.5">
            <CardTitle>Invitations</CardTitle>
            <CardDescription>
              Newest first. A link is shown only when it is made: to send a pending invitation again, regenerate its
              link.
            </CardDescription>
          </div>
          <div className="w-44">
            <Select
              aria-label="Filter invitations by status"
              value={filter}
              // Pending is the default: the URL names only the other choices.
              onChange={(event) => onStatusChange(event.target.value === "pending" ? null : event.target.value)}
            >
              {INVITATION_FILTERS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4">
          {revoke.error ? <ErrorAlert error={revoke.error} title="The invitation was not revoked" /> : null}
          {regenerate.error ? <ErrorAlert error={regenerate.error} title="The link was not regenerated" /> : null}
          {notice ? <Alert variant="success">{notice}</Alert> : null}
          {invitations.isError ? (
            <ErrorAlert
              error={invitations.error}
              title="Invitations could not be loaded"
              onRetry={() => void invitations.refetch()}
            />
          ) : invitations.data && invitations.data.length === 0 ? (
            <EmptyState
              icon={Mail}
              title={filter === "all" ? "No invitations yet" : `No ${filter} invitations`}
              description={
                filter === "all" ? "Invite a colleague with the form above." : "Choose another status to see the rest."
              }
            />
          ) : (
            <Table aria-busy={invitations.isFetching} scrollLabel="Invitations">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Email</TableHead>
                  <TableHead>Teams</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Expires</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {invitations.data
                  ? invitations.data.map((invitation) => (
                      <TableRow key={invitation.id}>
                        <TableCell className="font-medium">{invitation.email}</TableCell>
                        <TableCell className="text-muted-foreground">
                          {teamNames(invitation.team_ids, [...teams.byId.values()]).join(", ")}
                        </TableCell>
                        <TableCell>{invitation.role}</TableCell>
                        <TableCell>
                          <Badge variant={STATUS_BADGE[invitation.status]}>{invitation.status}</Badge>
                        </TableCell>
                        <TableCell className="whitespace-nowrap text-muted-foreground">
                          {invitation.status === "accepted" && invitation.accepted_at
                            ? `Accepted ${dateTimeFormat.format(new Date(invitation.accepted_at))}`
                            : invitation.status === "revoked" && invitation.revoked_at
                              ? `Revoked ${dateTimeFormat.format(new Date(invitation.revoked_at))}`
                              : dateTimeFormat.format(new Date(invitation.expires_at))}
                        </TableCell>
                        <TableCell className="whitespace-nowrap text-right">
                          {invitation.status === "pending" ? (
                            <ConfirmDialog
                              trigger={
                                <Button
                                  variant="outline"
                                  size="sm"
                                  className="mr-2"
                                  aria-label={`Regenerate link for ${invitation.email}`}
                                >
                                  <RefreshCw aria-hidden />
                                  Regenerate link
                                </Button>
                              }
                              title={`Regenerate the link for ${invitation.email}?`}
                              description="You get a new link to copy and send. The old link stops working at once, and the invitation is valid again for the full time from now."
                              confirmLabel="Regenerate link"
                              onConfirm={() => regenerateLink(invitation.id)}
                            />
                          ) : null}
                          {invitation.status === "pending" ? (
                            <ConfirmDialog
                              trigger={
                                <Button
                                  variant="outline"
                                  size="sm"
                                  aria-label={`Revoke invitation for ${invitation.email}`}
                                >
                                  Revoke
                                </Button>
                              }
                              title={`Revoke the invitation for ${invitation.email}?`}
                              description="The link stops working. You can invite them again later."
                              confirmLabel="Revoke invitation"
                              destructive
                              onConfirm={() =>
                                revoke.mutateAsync(invitation.id, {
                                  onSuccess: () => setNotice(`The invitation for ${invitation.email} is revoked.`),
                                })
                              }
                            />
                          ) : null}
                        </TableCell>
                      </TableRow>
                    ))
                  : Array.from({ length: 3 }, (_, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
                      <TableRow key={index}>
                        <TableCell colSpan={6}>
                          <Skeleton className="h-4 w-full" />
                        </TableCell>
                      </TableRow>
                    ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
      <InvitationLinkDialog shown={shown} onClose={() => setShown(null)} />
    </div>
  );
}
