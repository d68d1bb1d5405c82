"use client";

import * as React from "react";
import { ShareDialog as SharedShareDialog } from "@/components/share-dialog";
import { useShareActions, useWorkflowShares, type Workflow } from "./api";

/** Who besides the owner may see and run a private workflow. */
export function ShareDialog({ workflow }: { workflow: Workflow }) {
  const [open, setOpen] = React.useState(false);
  const shares = useWorkflowShares(workflow.id, open);
  const actions = useShareActions(workflow.id);

  return (
    <SharedShareDialog
      open={open}
      onOpenChange={setOpen}
      itemName={workflow.name}
      ownerId={workflow.user_id}
      description="People and teams it is shared with can see and run it, even while it is private. Only its owner and admins can change it."
      removeDescription="They can no longer see or run this workflow, unless its visibility or another share lets them."
      teamRemoveDescription="The team's members can no longer see or run this workflow, unless its visibility or another share lets them."
      shares={shares}
      add={actions.add}
      remove={actions.remove}
    />
  );
}
