"use client";

import { UsersRound } from "lucide-react";
import * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
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
import { type Team, type User, useUpdateUser } from "./api";
import { TeamSelect } from "./team-select";
import { orderTeamIds } from "./user-admin-values";

// Not react-hook-form: one checkbox per team and a primary among the checked ones, with nothing to check before sending.
/**
 * An admin chooses every team a user is a member of, and which one is primary (shown first,
 * and the team of `team_id` for older clients). Governance applies from all of them.
 */
export function EditTeamsDialog({
  user,
  teams,
  onSaved,
}: {
  user: User;
  teams: Team[] | undefined;
  onSaved: (notice: string) => void;
}) {
  const [open, setOpen] = React.useState(false);
  const [chosen, setChosen] = React.useState<string[]>(user.team_ids);
  const [primary, setPrimary] = React.useState(user.team_id);
  const update = useUpdateUser();
  const idPrefix = React.useId();
  const name = user.display_name || user.username;

  const onOpenChange = (next: boolean) => {
    if (next) {
      setChosen(user.team_ids);
      setPrimary(user.team_id);
      update.reset();
    }
    setOpen(next);
  };

  const toggle = (teamId: string, on: boolean) => {
    const next = on ? [...chosen, teamId] : chosen.filter((id) => id !== teamId);
    setChosen(next);
    // The primary team is always one of the chosen ones.
    if (!on && teamId === primary && next[0]) setPrimary(next[0]);
    if (on && next.length === 1) setPrimary(teamId);
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

  const chosenTeams = teams?.filter((team) => chosen.includes(team.id));

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
          <fieldset className="grid max-h-64 gap-2 overflow-y-auto">
            <legend className="mb-2 text-sm font-medium">Member of</legend>
            {teams?.map((team) => (
              <div key={team.id} className="flex items-center gap-2 text-sm">
                <Checkbox
                  id={`${idPrefix}-${team.id}`}
                  checked={chosen.includes(team.id)}
                  onChange={(event) => toggle(team.id, event.target.checked)}
                />
                <label htmlFor={`${idPrefix}-${team.id}`}>{team.name}</label>
              </div>
            )) ?? <p className="text-sm text-muted-foreground">Loading teams…</p>}
          </fieldset>
          <Field label="Primary team" error={chosen.length === 0 ? "Choose at least one team" : undefined}>
            {(control) => (
              <TeamSelect
                {...control}
                teams={chosenTeams}
                value={primary}
                onChange={(event) => setPrimary(event.target.value)}
              />
            )}
          </Field>
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
