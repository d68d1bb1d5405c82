"use client";

import * as React from "react";
import { ConfirmChangeDialog, UNDO_MS } from "@/components/confirm-change-dialog";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/api/errors";
import { describeMoveImpact } from "@/lib/move-impact";
import { type User, type useUpdateUser, useUserTeamImpact } from "./api";
import type { Role } from "./form-values";
import { roleChangeText } from "./user-change-text";

export type UserChange = { role: Role } | { team_id: string };

type ChangeRequest = {
  user: User;
  change: UserChange;
  returnFocusTo?: React.RefObject<HTMLElement | null>;
  /** The new team's name, as the search that found it gave it. */
  teamName?: string;
};

const nameOf = (user: User) => user.display_name || user.username;

/**
 * A role or team change reaches what the user may do or which policies bind them, so it is asked
 * first (a team change says which inherited policies and objectives it brings and takes away),
 * then offered back (Undo) for a few seconds. Changes go through `update`, whose error the
 * users table shows.
 */
export function useConfirmedUserChange({
  update,
  teamNames,
  meId,
}: {
  update: ReturnType<typeof useUpdateUser>;
  /** The names of the users' current teams, by id. */
  teamNames: ReadonlyMap<string, { name: string }>;
  meId: string;
}) {
  const [request, setRequest] = React.useState<ChangeRequest | null>(null);
  const teamId = request && "team_id" in request.change ? request.change.team_id : null;
  const impact = useUserTeamImpact(request?.user.id ?? "", teamId ?? "", teamId !== null);
  const teamName = (id: string) =>
    (id === teamId ? request?.teamName : undefined) ?? teamNames.get(id)?.name ?? "another team";

  const requestChange = (
    user: User,
    change: UserChange,
    returnFocusTo?: React.RefObject<HTMLElement | null>,
    teamName?: string,
  ) => {
    const unchanged = "role" in change ? change.role === user.role : change.team_id === user.team_id;
    if (unchanged) return;
    update.reset();
    setRequest({ user, change, returnFocusTo, teamName });
  };

  const undo = (user: User, previous: UserChange, message: string) => {
    update.reset();
    update.mutate(
      { userId: user.id, body: previous },
      {
        onSuccess: () => toast.success(message, { id: `user-change-${user.id}-undone` }),
        onError: (error) =>
          toast.error(`${nameOf(user)} could not be changed back`, {
            id: `user-change-${user.id}-undone`,
            description: errorMessage(error),
          }),
      },
    );
  };

  const confirm = async () => {
    if (!request) return;
    const { user, change } = request;
    const name = nameOf(user);
    await update.mutateAsync({ userId: user.id, body: change });
    if ("role" in change) {
      const self = user.id === meId;
      const done = roleChangeText({ name, role: change.role, self }).done;
      // Admins who demote themselves can no longer undo it: no Undo is offered then.
      const reversible = !(self && change.role === "member");
      toast.success(done, {
        id: `user-change-${user.id}`,
        duration: reversible ? UNDO_MS : undefined,
        action: reversible
          ? {
              label: "Undo",
              onClick: () =>
                undo(user, { role: user.role }, `${name} is ${user.role === "admin" ? "an admin" : "a member"} again.`),
            }
          : undefined,
      });
    } else {
      // Named now: once moved, the old team's name may no longer be loaded.
      const back = `${name} is back in ${teamName(user.team_id)}.`;
      toast.success(`${name} moved to ${teamName(change.team_id)}.`, {
        id: `user-change-${user.id}`,
        duration: UNDO_MS,
        action: { label: "Undo", onClick: () => undo(user, { team_id: user.team_id }, back) },
      });
    }
  };

  let question: { title: string; summary: React.ReactNode; confirmLabel: string } = {
    title: "",
    summary: null,
    confirmLabel: "",
  };
  if (request && "role" in request.change) {
    question = roleChangeText({
      name: nameOf(request.user),
      role: request.change.role,
      self: request.user.id === meId,
    });
  } else if (request && "team_id" in request.change) {
    const name = nameOf(request.user);
    question = {
      title: `Move ${name} to ${teamName(request.change.team_id)}?`,
      summary: impact.data ? describeMoveImpact(impact.data, { kind: "user", name }) : null,
      confirmLabel: "Move",
    };
  }

  const dialog = (
    <ConfirmChangeDialog
      open={request !== null}
      onClose={() => setRequest(null)}
      title={question.title}
      summary={question.summary}
      loading={teamId !== null && impact.isPending}
      error={teamId !== null ? impact.error : null}
      errorTitle="The change cannot be checked"
      onRetry={() => void impact.refetch()}
      confirmLabel={question.confirmLabel}
      onConfirm={confirm}
      returnFocusTo={request?.returnFocusTo}
    />
  );

  return { requestChange, dialog };
}
