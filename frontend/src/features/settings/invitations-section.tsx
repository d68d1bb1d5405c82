"use client";

import { Mail, Send } from "lucide-react";
import * as React from "react";
import { useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { CopyButton } from "@/components/copy-button";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
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
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { useCurrentUser } from "@/lib/session";
import { type Invitation, type Team, useCreateInvitation, useInvitations, useRevokeInvitation, useTeams } from "./api";
import { INVITATION_STATUSES, isInvitationStatus, ROLE_OPTIONS } from "./form-values";
import { invitationLink } from "./mcp-config";
import type { InvitationValues } from "./schemas";
import { TeamSelect } from "./team-select";

const FIELDS = ["email", "team_id", "role"] as const;
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

const STATUS_BADGE = {
  pending: "default",
  accepted: "success",
  expired: "warning",
} as const;

/** The link for a new invitation, shown once: only its hash is stored. */
function InvitationLinkDialog({ invitation, onClose }: { invitation: Invitation | null; onClose: () => void }) {
  const [origin, setOrigin] = React.useState("");
  React.useEffect(() => setOrigin(window.location.origin), []);
  const link = invitation?.token && origin ? invitationLink(origin, invitation.token) : "";
  return (
    <Dialog open={invitation !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-xl" onInteractOutside={(event) => event.preventDefault()}>
        <DialogHeader>
          <DialogTitle>Invitation for {invitation?.email} is ready</DialogTitle>
          <DialogDescription>
            Send this link to them yourself: SpecHub sends no email. It is shown only this once, and works until{" "}
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

function InviteForm({ teams, onCreated }: { teams: Team[] | undefined; onCreated: (invitation: Invitation) => void }) {
  const me = useCurrentUser();
  const create = useCreateInvitation();
  const form = useForm<InvitationValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.invitationSchema)),
    defaultValues: { email: "", team_id: me.team_id, role: "member" },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) =>
    create.mutate(values, {
      onSuccess: (invitation) => {
        form.reset({ email: "", team_id: values.team_id, role: "member" });
        onCreated(invitation);
      },
      onError: (error) => applyServerErrors(error, form.setError, FIELDS),
    }),
  );

  return (
    <Card>
      <form noValidate onSubmit={onSubmit}>
        <CardHeader>
          <CardTitle>Invite someone</CardTitle>
          <CardDescription>They get a link to choose their own username and password.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {create.error ? <ErrorAlert error={create.error} title="The invitation was not created" /> : null}
          <div className="grid gap-4 sm:grid-cols-[2fr_2fr_1fr]">
            <Field label="Email" required error={errors.email?.message}>
              {(control) => <Input {...control} type="email" autoComplete="off" {...form.register("email")} />}
            </Field>
            <Field label="Team" required error={errors.team_id?.message}>
              {(control) => (
                <TeamSelect {...control} teams={teams} placeholder="Choose a team" {...form.register("team_id")} />
              )}
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
  const filter = isInvitationStatus(status) ? status : undefined;
  const invitations = useInvitations(filter);
  const teams = useTeams();
  const revoke = useRevokeInvitation();
  const [created, setCreated] = React.useState<Invitation | null>(null);
  const [notice, setNotice] = React.useState<string | null>(null);
  const teamName = (id: string) => teams.data?.find((team) => team.id === id)?.name ?? "—";

  return (
    <div className="grid gap-6">
      <InviteForm
        teams={teams.data}
        onCreated={(invitation) => {
          setNotice(null);
          setCreated(invitation);
        }}
      />
      <Card>
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
          <div className="grid gap-1.5">
            <CardTitle>Invitations</CardTitle>
            <CardDescription>Newest first. Links are never shown again after creation.</CardDescription>
          </div>
          <div className="w-44">
            <Select
              aria-label="Filter invitations by status"
              value={filter ?? ""}
              onChange={(event) => onStatusChange(event.target.value || null)}
            >
              <option value="">Any status</option>
              {INVITATION_STATUSES.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </div>
        </CardHeader>
        <CardContent className="grid gap-4">
          {revoke.error ? <ErrorAlert error={revoke.error} title="The invitation was not revoked" /> : null}
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
              title={filter ? `No ${filter} invitations` : "No invitations yet"}
              description={
                filter ? "Choose another status to see the rest." : "Invite a colleague with the form above."
              }
            />
          ) : (
            <Table aria-busy={invitations.isFetching}>
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Email</TableHead>
                  <TableHead>Team</TableHead>
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
                        <TableCell className="text-muted-foreground">{teamName(invitation.team_id)}</TableCell>
                        <TableCell>{invitation.role}</TableCell>
                        <TableCell>
                          <Badge variant={STATUS_BADGE[invitation.status]}>{invitation.status}</Badge>
                        </TableCell>
                        <TableCell className="whitespace-nowrap text-muted-foreground">
                          {invitation.status === "accepted" && invitation.accepted_at
                            ? `Accepted ${dateTimeFormat.format(new Date(invitation.accepted_at))}`
                            : dateTimeFormat.format(new Date(invitation.expires_at))}
                        </TableCell>
                        <TableCell className="text-right">
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
      <InvitationLinkDialog invitation={created} onClose={() => setCreated(null)} />
    </div>
  );
}
