"use client";

import { MailPlus } from "lucide-react";
import * as React from "react";
import { useForm } from "react-hook-form";
import { CopyButton } from "@/components/copy-button";
import { ErrorAlert } from "@/components/error-alert";
import { Pagination } from "@/components/pagination";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { useCurrentUser } from "@/lib/session";
import { MEMBERS_PAGE_SIZE, type Team, useInvite, useMembers } from "./api";
import { invitationLink } from "./form-values";
import { userLabel } from "./owner-dialog";
import type { InviteFormValues } from "./schemas";

/** The team's own members (not those of teams below it), a page at a time. */
export function TeamMembers({ team, canInvite }: { team: Team; canInvite: boolean }) {
  const [page, setPage] = React.useState(1);
  const members = useMembers(team.id, page);

  return (
    <section aria-labelledby="team-members-heading" className="grid gap-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id="team-members-heading" className="text-sm font-semibold">
          Members{members.data ? ` (${members.data.total})` : ""}
        </h3>
        {canInvite ? <InviteDialog team={team} /> : null}
      </div>
      {members.isPending ? (
        <div className="grid gap-2" aria-busy>
          <span className="sr-only">Loading members…</span>
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : members.isError ? (
        <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.items.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nobody belongs to this team directly.</p>
      ) : (
        <>
          <ul className="grid gap-1">
            {members.data.items.map((user) => (
              <li key={user.id} className="flex items-center justify-between gap-2 text-sm">
                <span className="min-w-0">
                  <span className="block truncate">{userLabel(user)}</span>
                  <span className="block truncate text-xs text-muted-foreground">{user.email ?? user.username}</span>
                </span>
                {user.role === "admin" ? <Badge variant="outline">Admin</Badge> : null}
                {team.owner_id === user.id ? <Badge>Owner</Badge> : null}
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            pageSize={MEMBERS_PAGE_SIZE}
            total={members.data.total}
            onPageChange={setPage}
            noun="members"
          />
        </>
      )}
    </section>
  );
}

/** Invites someone into the team; the link is shown once, to be sent by whoever invites. */
function InviteDialog({ team }: { team: Team }) {
  const user = useCurrentUser();
  const [open, setOpen] = React.useState(false);
  const [link, setLink] = React.useState<string | null>(null);
  const invite = useInvite();
  const form = useForm<InviteFormValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.inviteFormSchema)),
    defaultValues: { email: "", role: "member" },
  });

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset({ email: "", role: "member" });
      setLink(null);
      invite.reset();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit((values) =>
    invite.mutate(
      { email: values.email, role: values.role, team_id: team.id },
      {
        onSuccess: (invitation) => {
          if (invitation.token) setLink(invitationLink(window.location.origin, invitation.token));
        },
        onError: (error) => applyServerErrors(error, form.setError, ["email", "role"]),
      },
    ),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button size="sm" variant="outline">
          <MailPlus aria-hidden />
          Invite into this team
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Invite into {team.name}</DialogTitle>
          <DialogDescription>
            SpecHub sends no email: copy the link and send it yourself. It is shown only once.
          </DialogDescription>
        </DialogHeader>
        {link ? (
          <div className="grid gap-3">
            <Alert variant="success">Invitation created for {form.getValues("email")}.</Alert>
            <Field label="Invitation link">
              {(aria) => <Input {...aria} readOnly value={link} className="font-mono text-xs" />}
            </Field>
            <DialogFooter>
              <CopyButton text={link} label="Copy invitation link" />
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <form noValidate onSubmit={onSubmit} className="grid gap-4">
            {invite.error ? <ErrorAlert error={invite.error} title="The invitation was not created" /> : null}
            <Field label="Email" required error={form.formState.errors.email?.message}>
              {(aria) => <Input {...aria} type="email" autoComplete="off" {...form.register("email")} />}
            </Field>
            <Field
              label="Role"
              description={user.role === "admin" ? undefined : "Only admins may invite admins."}
              error={form.formState.errors.role?.message}
            >
              {(aria) => (
                <Select {...aria} {...form.register("role")}>
                  <option value="member">Member</option>
                  {user.role === "admin" ? <option value="admin">Admin</option> : null}
                </Select>
              )}
            </Field>
            <DialogFooter>
              <Button variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={invite.isPending}>
                {invite.isPending ? "Inviting…" : "Create invitation"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
