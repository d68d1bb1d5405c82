"use client";

import { MailPlus } from "lucide-react";
import dynamic from "next/dynamic";
import * as React from "react";
import { FormDialog } from "@/components/form-dialog";
import { FormSkeleton } from "@/components/form-skeleton";
import { Button } from "@/components/ui/button";
import type { Team } from "./api";

/** The form loads when the dialog opens: the teams page needs none of its code before that. */
const InviteForm = dynamic(() => import("./invite-form").then((module) => module.InviteForm), {
  loading: () => <FormSkeleton />,
});

/** Invites someone into the team; the link is shown once, to be sent by whoever invites. */
export function InviteDialog({ team }: { team: Team }) {
  const [open, setOpen] = React.useState(false);
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button size="sm" variant="outline">
          <MailPlus aria-hidden />
          Invite into this team
        </Button>
      }
      title={`Invite into ${team.name}`}
      description="SpecHub sends no email: copy the link and send it yourself. It is shown only now; Settings → Invitations makes a new one if it gets lost, and invites into several teams at once."
    >
      <InviteForm team={team} onDone={() => setOpen(false)} />
    </FormDialog>
  );
}
