"use client";

import dynamic from "next/dynamic";
import * as React from "react";
import { FormDialog } from "@/components/form-dialog";
import { FormSkeleton } from "@/components/form-skeleton";
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
    <FormDialog open={open} onOpenChange={setOpen} trigger={trigger} title={title} description={description}>
      <TeamForm
        mode={mode}
        relative={relative}
        onCreated={(team) => {
          setOpen(false);
          onCreated(team);
        }}
        onCancel={() => setOpen(false)}
      />
    </FormDialog>
  );
}
