"use client";

import dynamic from "next/dynamic";
import * as React from "react";
import { FormSkeleton } from "@/components/form-skeleton";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import type { Team } from "./api";

/** The form loads when the dialog opens: the teams page needs none of its code before that. */
const TeamForm = dynamic(() => import("./team-form").then((module) => module.TeamForm), {
  loading: () => <FormSkeleton fields={3} />,
});

/**
 * Creates a team: under `relative` as a sub-team, or (`mode: "above"`) in its place with
 * `relative` moved beneath the new team.
 */
export function TeamFormDialog({
  mode,
  relative,
  trigger,
  onCreated,
}: {
  mode: "below" | "above";
  relative: Team;
  trigger: React.ReactElement;
  onCreated: (team: Team) => void;
}) {
  const [open, setOpen] = React.useState(false);
  const title = mode === "below" ? `New sub-team of ${relative.name}` : `Insert a team above ${relative.name}`;
  const description =
    mode === "below"
      ? "The new team inherits the policies and objectives of every team above it."
      : `The new team takes ${relative.name}'s place in the tree, and ${relative.name} moves beneath it.`;

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <TeamForm
          mode={mode}
          relative={relative}
          onCreated={(team) => {
            setOpen(false);
            onCreated(team);
          }}
          onCancel={() => setOpen(false)}
        />
      </DialogContent>
    </Dialog>
  );
}
