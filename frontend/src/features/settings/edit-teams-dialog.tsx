"use client";

import { UsersRound } from "lucide-react";
import * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import { TeamChoices } from "@/components/team-choices";
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
import { type User, useUpdateUser } from "./api";
import { orderTeamIds } from "./user-admin-values";

// Not react-hook-form: a list of teams and a primary among them, with nothing to check before sending.
/**
 * An admin chooses every team a user is a member of, and which one is primary (shown first,
 * and the team of `team_id` for older clients). Governance applies from all of them.
 */
export function EditTeamsDialog({ user, onSaved }: { user: User; onSaved: (notice: string) => void }) {
  const [open, setOpen] = React.useState(false);
  const [chosen, setChosen] = React.useState<string[]>(user.team_ids);
  const [primary, setPrimary] = React.useState(user.team_id);
  const update = useUpdateUser();
  const name = user.display_name || user.username;

  const onOpenChange = (next: boolean) => {
    if (next) {
      setChosen(user.team_ids);
      setPrimary(user.team_id);
      update.reset();
    }
    setOpen(next);
  };

  const choose = (next: string[]) => {
    setChosen(next);
    // The primary team is always one of the chosen ones.
    if (!next.includes(primary) && next[0]) setPrimary(next[0]);
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    update.mutate(
      { userId: user.id, body: { team_ids: orderTeamIds(primary, chosen) } },
      {
        onSuccess: (saved) => {
          setOpen(false);
          onSaved(`${saved.display_name || saved.username} is in ${saved.team_ids.length} team(s) now.`);
        },
      },
    );
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Teams of ${name}`} title="Choose teams">
          <UsersRound aria-hidden />
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Teams of {name}</DialogTitle>
          <DialogDescription>
            The policies and objectives of every team chosen here apply to {name}. The primary team is shown first.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {update.error ? <ErrorAlert error={update.error} title="The teams were not changed" /> : null}
          <TeamChoices
            legend="Member of"
            searchLabel={`Find a team for ${name}`}
            value={chosen}
            onChange={choose}
            primary={{ value: primary, onChange: setPrimary }}
            error={chosen.length === 0 ? "Choose at least one team" : undefined}
          />
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={update.isPending || chosen.length === 0}>
              {update.isPending ? "Saving…" : "Save teams"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
