"use client";

import * as React from "react";
import { ConfirmChangeDialog, UNDO_MS } from "@/components/confirm-change-dialog";
import { toast } from "@/components/ui/toast";
import { ApiError, errorMessage } from "@/lib/api/errors";
import { describeMoveImpact } from "@/lib/move-impact";
import { type Team, useMoveImpact, useTeamMutations } from "./api";

/** Where a team moves: under a team (named, as it may not be read), or to the top level (null). */
export type MoveTarget = { id: string; name: string } | null;

type MoveRequest = {
  team: Team;
  parent: MoveTarget;
  returnFocusTo?: React.RefObject<HTMLElement | null>;
  /** Settles the drag or form that asked, whatever the answer. */
  done: () => void;
};

/**
 * Moving a team changes what everyone below it inherits, so a move is asked first, saying for
 * whom and what, then offered back (Undo) for a few seconds. `requestMove` resolves once the
 * question is answered (moved, cancelled or failed); the chart keeps a dragged team where it
 * was dropped until then. A failed move's error is `error`.
 */
export function useConfirmedMove({
  teams,
  onMoved,
}: {
  teams: readonly Team[];
  /** The team moved (or moved back): select it. */
  onMoved: (teamId: string) => void;
}) {
  const { update } = useTeamMutations();
  const [request, setRequest] = React.useState<MoveRequest | null>(null);
  const impact = useMoveImpact(request?.team.id ?? "", request?.parent?.id ?? null, request !== null);
  const nameOf = (teamId: string) => teams.find((team) => team.id === teamId)?.name ?? "a team you cannot see";

  const requestMove = React.useCallback(
    (teamId: string, parent: MoveTarget, returnFocusTo?: React.RefObject<HTMLElement | null>) =>
      new Promise<void>((resolve) => {
        const team = teams.find((candidate) => candidate.id === teamId);
        if (!team || team.parent_team_id === (parent?.id ?? null)) return resolve();
        update.reset();
        setRequest({ team, parent, returnFocusTo, done: resolve });
      }),
    [teams, update],
  );

  const placed = (team: Team, parent: MoveTarget) =>
    parent === null ? `${team.name} is now a top-level team.` : `${team.name} is now under ${parent.name}.`;

  const moveBack = (team: Team, oldParent: MoveTarget) => {
    update.reset();
    update.mutate(
      { id: team.id, body: { parent_team_id: oldParent?.id ?? null } },
      {
        onSuccess: () => {
          toast.success(
            oldParent === null
              ? `${team.name} is a top-level team again.`
              : `${team.name} is back under ${oldParent.name}.`,
            { id: `team-move-${team.id}-undone` },
          );
          onMoved(team.id);
        },
        onError: (error) =>
          toast.error(`${team.name} could not be moved back`, {
            id: `team-move-${team.id}-undone`,
            description: errorMessage(error),
          }),
      },
    );
  };

  const confirm = async () => {
    if (!request) return;
    const { team, parent } = request;
    // Named now: once moved, the old parent may no longer be read.
    const oldParent =
      team.parent_team_id === null ? null : { id: team.parent_team_id, name: nameOf(team.parent_team_id) };
    await update.mutateAsync({ id: team.id, body: { parent_team_id: parent?.id ?? null } });
    toast.success(placed(team, parent), {
      id: `team-move-${team.id}`,
      duration: UNDO_MS,
      action: { label: "Undo", onClick: () => moveBack(team, oldParent) },
    });
    onMoved(team.id);
  };

  const close = () => {
    request?.done();
    setRequest(null);
  };

  const parentName = request?.parent?.name ?? null;
  const dialog = (
    <ConfirmChangeDialog
      open={request !== null}
      onClose={close}
      title={
        request
          ? parentName === null
            ? `Make ${request.team.name} a top-level team?`
            : `Move ${request.team.name} under ${parentName}?`
          : ""
      }
      loading={impact.isPending}
      error={impact.error}
      errorTitle="The move cannot be made"
      // A refusal (the move would be refused too) is final; a failure to reach the server is not.
      onRetry={
        impact.error && !(impact.error instanceof ApiError && impact.error.status < 500)
          ? () => void impact.refetch()
          : undefined
      }
      summary={impact.data ? describeMoveImpact(impact.data, { kind: "team" }) : null}
      confirmLabel="Move"
      onConfirm={confirm}
      returnFocusTo={request?.returnFocusTo}
    />
  );

  return { requestMove, dialog, error: update.error, pending: update.isPending, reset: update.reset };
}
