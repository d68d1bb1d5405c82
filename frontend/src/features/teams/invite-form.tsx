"use client";

import * as React from "react";
import { useForm } from "react-hook-form";
import { CopyButton } from "@/components/copy-button";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { useCurrentUser } from "@/lib/session";
import { type Team, useInvite } from "./api";
import { invitationLink } from "./form-values";
import type { InviteFormValues } from "./schemas";

/**
 * The invitation dialog's form, then the link it created. It mounts with each opening, so every
 * invitation starts from an empty form.
 */
export function InviteForm({ team, onDone }: { team: Team; onDone: () => void }) {
  const user = useCurrentUser();
  const [link, setLink] = React.useState<string | null>(null);
  const invite = useInvite();
  const form = useForm<InviteFormValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.inviteFormSchema)),
    defaultValues: { email: "", role: "member" },
  });

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

  if (link) {
    return (
      <div className="grid gap-3">
        <Alert variant="success">Invitation created for {form.getValues("email")}.</Alert>
        <Field label="Invitation link">
          {(aria) => <Input {...aria} readOnly value={link} className="font-mono text-xs" />}
        </Field>
        <DialogFooter>
          <CopyButton text={link} label="Copy invitation link" />
          <Button onClick={onDone}>Done</Button>
        </DialogFooter>
      </div>
    );
  }
  return (
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
      <FormDialogFooter
        onCancel={onDone}
        pending={invite.isPending}
        submitLabel="Create invitation"
        pendingLabel="Inviting…"
      />
    </form>
  );
}
