"use client";

import { ArrowRightLeft } from "lucide-react";
import * as React from "react";
import { TeamPicker } from "@/components/team-picker";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import type { TeamSummary } from "@/lib/api/teams";
import type { User } from "./api";

/**
 * Finds another primary team for a user. The move itself is asked next, saying what they gain
 * and lose (see `useConfirmedUserChange`); focus then comes back to this dialog's button.
 */
export function MoveUserDialog({
  user,
  disabled,
  onPick,
}: {
  user: User;
  disabled: boolean;
  onPick: (team: TeamSummary, returnFocusTo: React.RefObject<HTMLElement | null>) => void;
}) {
  const [open, setOpen] = React.useState(false);
  const trigger = React.useRef<HTMLButtonElement>(null);
  const name = user.display_name || user.username;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button
          ref={trigger}
          variant="ghost"
          size="icon"
          className="size-7"
          disabled={disabled}
          aria-label={`Move ${name} to another team`}
          title="Move to another team"
        >
          <ArrowRightLeft aria-hidden />
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Move {name} to another team</DialogTitle>
          <DialogDescription>
            It becomes their primary team. Before anything changes, you see which policies and objectives they gain and
            lose.
          </DialogDescription>
        </DialogHeader>
        <TeamPicker
          label={`Find a team for ${name}`}
          actionLabel="Move to"
          exclude={[user.team_id]}
          onPick={(team) => {
            setOpen(false);
            onPick(team, trigger);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
