"use client";

import { ArrowUpToLine, Check, FolderInput, Pencil, Plus, Trash2, X } from "lucide-react";
import * as React from "react";
import { WithHistory } from "@/components/audit/with-history";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { TeamPicker } from "@/components/team-picker";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Separator } from "@/components/ui/separator";
import { nameRule } from "@/lib/api/rules";
import type { CurrentUser } from "@/lib/api/types";
import { type Team, useTeamMutations } from "./api";
import { GovernanceSection, teamObjectives, teamPolicies } from "./governance-section";
import { OwnerDialog } from "./owner-dialog";
import { TeamFormDialog } from "./team-form-dialog";
import { TeamMembers } from "./team-members";
import type { MoveTarget } from "./team-move";
import { canManageTeam, organizationRootId } from "./tree";

/** Everything about the selected team, and what the signed-in user may do with it. */
export function TeamPanel({
  team,
  teams,
  user,
  ownerName,
  teamNames,
  onNotice,
  onSelect,
  onMove,
  moving,
}: {
  team: Team;
  teams: Team[];
  user: CurrentUser;
  ownerName: string | null;
  teamNames: ReadonlyMap<string, string>;
  /** Reports the outcome of an action; the page shows it, so it outlives a change of selection. */
  onNotice: (notice: string | null) => void;
  /** Selects another team, with a message saying why. */
  onSelect: (teamId: string, notice: string) => void;
  /** Asks to move this team under `parent` (null: top level); the page confirms and reports it. */
  onMove: (parent: MoveTarget, returnFocusTo: React.RefObject<HTMLElement | null>) => Promise<unknown>;
  /** A move of this team is being saved. */
  moving: boolean;
}) {
  const mutations = useTeamMutations();
  const setNotice = onNotice;
  const manage = canManageTeam(user, teams, team.id);
  // Moving, deleting and inserting above change the parent's tree, so they need the parent's rights.
  // The organization's root has nothing above it: it cannot be moved, deleted or get a team above.
  const isRoot = organizationRootId(teams) === team.id;
  const manageParent = !isRoot && canManageTeam(user, teams, team.parent_team_id);
  const parentName = team.parent_team_id ? (teamNames.get(team.parent_team_id) ?? "a team you cannot see") : null;
  const error = [mutations.update, mutations.remove].find((mutation) => mutation.isError)?.error;

  /** Runs one action; messages of an earlier one no longer apply. */
  const run = async (action: () => Promise<unknown>, message: string) => {
    mutations.update.reset();
    mutations.remove.reset();
    setNotice(null);
    await action();
    setNotice(message);
  };

  return (
    <Card aria-labelledby="team-panel-heading">
      <CardHeader className="gap-2">
        <TeamName
          team={team}
          canRename={manage}
          onRename={(name) =>
            run(() => mutations.update.mutateAsync({ id: team.id, body: { name } }), `Renamed to ${name}.`)
          }
        />
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-muted-foreground">Short name</dt>
          <dd className="truncate font-mono">{team.slug}</dd>
          <dt className="text-muted-foreground">Parent</dt>
          <dd className="truncate">{parentName ?? "None (top-level team)"}</dd>
          <dt className="text-muted-foreground">Owner</dt>
          <dd className="truncate">{team.owner_id ? (ownerName ?? "Unknown user") : "No owner"}</dd>
          {team.description ? (
            <>
              <dt className="text-muted-foreground">About</dt>
              <dd className="whitespace-pre-line">{team.description}</dd>
            </>
          ) : null}
        </dl>
        {manage || manageParent ? (
          <div className="flex flex-wrap gap-2 pt-1">
            {manage ? (
              <TeamFormDialog
                mode="below"
                relative={team}
                onCreated={(created) => onSelect(created.id, `${created.name} is created.`)}
                trigger={
                  <Button size="sm">
                    <Plus aria-hidden />
                    Add sub-team
                  </Button>
                }
              />
            ) : null}
            {manageParent ? (
              <TeamFormDialog
                mode="above"
                relative={team}
                onCreated={(created) => onSelect(created.id, `${created.name} is inserted above ${team.name}.`)}
                trigger={
                  <Button size="sm" variant="outline">
                    <ArrowUpToLine aria-hidden />
                    Insert team above
                  </Button>
                }
              />
            ) : null}
            {manage ? <OwnerDialog team={team} ownerName={ownerName} /> : null}
            {manageParent ? (
              <ConfirmDialog
                trigger={
                  <Button size="sm" variant="outline" className="text-destructive">
                    <Trash2 aria-hidden />
                    Delete
                  </Button>
                }
                title={`Delete ${team.name}?`}
                description="Only an empty team can be deleted: one without sub-teams, members or projects. Its policies, objectives and pending invitations are deleted with it."
                confirmLabel="Delete team"
                destructive
                onConfirm={() =>
                  run(() => mutations.remove.mutateAsync(team.id), `${team.name} is deleted.`).then(() => {
                    if (team.parent_team_id) onSelect(team.parent_team_id, `${team.name} is deleted.`);
                  })
                }
              />
            ) : null}
          </div>
        ) : (
          <p className="text-xs text-muted-foreground">
            You can see this team; its owner, the owners of the teams above it, and admins can change it.
          </p>
        )}
        {error ? <ErrorAlert error={error} /> : null}
        {manageParent ? (
          <MoveTo
            team={team}
            user={user}
            pending={moving}
            onMove={(parent, returnFocusTo) => {
              mutations.update.reset();
              mutations.remove.reset();
              setNotice(null);
              void onMove(parent, returnFocusTo);
            }}
          />
        ) : null}
      </CardHeader>
      <CardContent className="grid gap-5">
        <Separator />
        <WithHistory show={manage} targetType="team" targetId={team.id} label="Team sections" layout="list">
          <div className="grid gap-5">
            <TeamMembers key={team.id} team={team} canInvite={manage} />
            <Separator />
            <GovernanceSection items={teamPolicies} team={team} canEdit={manage} teamNames={teamNames} />
            <Separator />
            <GovernanceSection items={teamObjectives} team={team} canEdit={manage} teamNames={teamNames} />
          </div>
        </WithHistory>
      </CardContent>
    </Card>
  );
}

// Not react-hook-form: one value edited in place, saved with Enter and dropped with Escape.
/** The team's name as the panel's heading, edited in place. */
function TeamName({
  team,
  canRename,
  onRename,
}: {
  team: Team;
  canRename: boolean;
  onRename: (name: string) => Promise<void>;
}) {
  const [editing, setEditing] = React.useState(false);
  const [value, setValue] = React.useState(team.name);
  const [pending, setPending] = React.useState(false);
  const renameButton = React.useRef<HTMLButtonElement>(null);

  const stop = () => {
    setEditing(false);
    // Give focus back to where editing started, so keyboard users are not dropped at the page top.
    requestAnimationFrame(() => renameButton.current?.focus());
  };

  if (!editing) {
    return (
      <div className="flex items-center gap-2">
        <h2 id="team-panel-heading" className="min-w-0 flex-1 truncate text-lg font-semibold">
          {team.name}
        </h2>
        {canRename ? (
          <Button
            ref={renameButton}
            size="icon"
            variant="ghost"
            className="size-8"
            aria-label={`Rename ${team.name}`}
            onClick={() => {
              setValue(team.name);
              setEditing(true);
            }}
          >
            <Pencil aria-hidden />
          </Button>
        ) : null}
      </div>
    );
  }

  const name = value.trim();
  return (
    <form
      className="flex items-end gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!name || name === team.name) return stop();
        setPending(true);
        try {
          await onRename(name);
          stop();
        } catch {
          // The panel shows the API's message; stay in edit mode to correct it.
        } finally {
          setPending(false);
        }
      }}
    >
      <h2 id="team-panel-heading" className="sr-only">
        {team.name}
      </h2>
      <Field label="Team name" className="flex-1">
        {(aria) => (
          <Input
            {...aria}
            value={value}
            autoFocus
            maxLength={nameRule.maxLength}
            onChange={(event) => setValue(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") {
                event.preventDefault();
                stop();
              }
            }}
          />
        )}
      </Field>
      <Button type="submit" size="icon" aria-label="Save name" disabled={pending || !name}>
        <Check aria-hidden />
      </Button>
      <Button size="icon" variant="outline" aria-label="Cancel renaming" onClick={stop}>
        <X aria-hidden />
      </Button>
    </form>
  );
}

// Not react-hook-form: a search with a button per result, with nothing to check before sending.
/**
 * The keyboard way to move a team: find its new parent among the teams the user manages (the
 * API refuses a place in the team's own subtree, and the question before the move says so).
 */
function MoveTo({
  team,
  user,
  pending,
  onMove,
}: {
  team: Team;
  user: CurrentUser;
  pending: boolean;
  onMove: (parent: MoveTarget, returnFocusTo: React.RefObject<HTMLElement | null>) => void;
}) {
  // Focus comes back to the search after the question: the result just used is gone.
  const search = React.useRef<HTMLInputElement>(null);
  const topLevel = React.useRef<HTMLButtonElement>(null);
  return (
    <div className="grid gap-2 pt-2">
      <TeamPicker
        label="Move to…"
        placeholder="Move to… (find the new parent team)"
        actionLabel="Move under"
        exclude={[team.id, ...(team.parent_team_id ? [team.parent_team_id] : [])]}
        managed
        disabled={pending}
        inputRef={search}
        onPick={(parent) => onMove({ id: parent.id, name: parent.name }, search)}
      />
      {user.role === "admin" && team.parent_team_id !== null ? (
        <Button
          ref={topLevel}
          size="sm"
          variant="outline"
          className="justify-self-start"
          disabled={pending}
          onClick={() => onMove(null, topLevel)}
        >
          <FolderInput aria-hidden />
          Make it a top-level team
        </Button>
      ) : null}
    </div>
  );
}
