"use client";

import * as React from "react";
import { ShareDialog } from "@/components/share-dialog";
import { type Prompt, usePromptShareActions, usePromptShares } from "./api";

/** Who besides the owner may see and expand a private prompt. */
export function PromptShareDialog({ prompt }: { prompt: Prompt }) {
  const [open, setOpen] = React.useState(false);
  const shares = usePromptShares(prompt.name, open);
  const actions = usePromptShareActions(prompt.name);

  return (
    <ShareDialog
      open={open}
      onOpenChange={setOpen}
      itemName={prompt.name}
      ownerId={prompt.user_id}
      description="People and teams it is shared with can see and expand it, even while it is private. Only its owner and admins can change it."
      removeDescription="They can no longer see or expand this prompt, unless its visibility or another share lets them."
      teamRemoveDescription="The team's members can no longer see or expand this prompt, unless its visibility or another share lets them."
      shares={shares}
      add={actions.add}
      remove={actions.remove}
    />
  );
}
