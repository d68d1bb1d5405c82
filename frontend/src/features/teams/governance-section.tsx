"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import type {
  GovernanceFields,
  GovernanceItem,
  GovernanceKind,
  ItemMutation,
} from "@/components/governance/form-values";
import { GovernanceItemDialog } from "@/components/governance/item-dialog";
import { DeleteItemButton, EditIconButton, GovernanceListItem, itemName } from "@/components/governance/list-items";
import type { GovernanceOutcome, OpenedReview } from "@/components/governance/review";
import { ReviewNotice } from "@/components/governance/review-notice";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import {
  type Team,
  useEffectiveObjectives,
  useEffectivePolicies,
  useObjectiveMutations,
  usePolicyMutations,
  useTeamObjectives,
  useTeamPolicies,
} from "./api";

/** What differs between a team's policies and its objectives; the section is otherwise the same. */
type TeamItems<K extends GovernanceKind> = {
  kind: K;
  heading: string;
  plural: string;
  useOwn: (teamId: string) => UseQueryResult<GovernanceItem[K][]>;
  useInherited: (teamId: string) => UseQueryResult<GovernanceItem[K][]>;
  /** Each write either applies or, when the team's governance is under review, opens a change request. */
  useMutations: () => {
    create: ItemMutation<GovernanceFields[K] & { team_id: string }, GovernanceOutcome>;
    update: ItemMutation<{ id: string; body: GovernanceFields[K] }, GovernanceOutcome>;
    remove: ItemMutation<string, GovernanceOutcome>;
  };
  dialogText: (team: Team) => { description: React.ReactNode; labels?: { name: string; content: string } };
};

export const teamPolicies: TeamItems<"policy"> = {
  kind: "policy",
  heading: "Policies",
  plural: "policies",
  useOwn: useTeamPolicies,
  useInherited: useEffectivePolicies,
  useMutations: usePolicyMutations,
  dialogText: (team) => ({
    description: `Applies to everyone in ${team.name} and in every team below it, whenever they expand a prompt.`,
  }),
};

export const teamObjectives: TeamItems<"objective"> = {
  kind: "objective",
  heading: "Objectives",
  plural: "objectives",
  useOwn: useTeamObjectives,
  useInherited: useEffectiveObjectives,
  useMutations: useObjectiveMutations,
  dialogText: (team) => ({
    description: (
      <>
        Active objectives reach everyone in {team.name} and below, listed in {"{{ objectives }}"} of every prompt.
      </>
    ),
  }),
};

function ListSkeleton({ label }: { label: string }) {
  return (
    <div className="grid gap-2" aria-busy>
      <span className="sr-only">{label}</span>
      <Skeleton className="h-10" />
    </div>
  );
}

/**
 * The team's own policies or objectives (editable by those who manage it) and, read-only, those
 * it inherits from the teams above it, each naming the team it comes from.
 */
export function GovernanceSection<K extends GovernanceKind>({
  items,
  team,
  canEdit,
  teamNames,
}: {
  items: TeamItems<K>;
  team: Team;
  canEdit: boolean;
  teamNames: ReadonlyMap<string, string>;
}) {
  const own = items.useOwn(team.id);
  const inherited = items.useInherited(team.id);
  const { remove } = items.useMutations();
  const { kind, plural } = items;
  const headingId = `team-${plural}-heading`;
  // The change request the last write opened instead of applying; the list still shows what is in force.
  const [review, setReview] = React.useState<OpenedReview | null>(null);
  const showOutcome = (outcome: GovernanceOutcome) => setReview(outcome.applied ? null : outcome.review);

  return (
    <section aria-labelledby={headingId} className="grid gap-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id={headingId} className="text-sm font-semibold">
          {items.heading}
        </h3>
        {canEdit ? <TeamItemDialog items={items} team={team} onOutcome={showOutcome} /> : null}
      </div>
      {review ? <ReviewNotice review={review} onDismiss={() => setReview(null)} /> : null}
      {remove.error ? <ErrorAlert error={remove.error} title={`The ${kind} was not deleted`} /> : null}
      {own.isPending ? (
        <ListSkeleton label={`Loading ${plural}…`} />
      ) : own.isError ? (
        <ErrorAlert error={own.error} onRetry={() => void own.refetch()} />
      ) : own.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No {plural} of its own.</p>
      ) : (
        <ul className="grid gap-2" aria-label={`${items.heading} of ${team.name}`}>
          {own.data.map((item) => (
            <GovernanceListItem
              key={item.id}
              item={item}
              actions={
                canEdit ? (
                  <>
                    <TeamItemDialog items={items} team={team} item={item} onOutcome={showOutcome} />
                    <DeleteItemButton
                      label={`Delete ${kind} ${itemName(item)}`}
                      title={`Delete ${kind} ${itemName(item)}?`}
                      description={`It stops applying to ${team.name} and every team below it.`}
                      onConfirm={() => {
                        remove.reset();
                        return remove.mutateAsync(item.id).then(showOutcome);
                      }}
                    />
                  </>
                ) : null
              }
            />
          ))}
        </ul>
      )}
      <h4 className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Inherited</h4>
      {inherited.isPending ? (
        <ListSkeleton label={`Loading inherited ${plural}…`} />
      ) : inherited.isError ? (
        <ErrorAlert error={inherited.error} onRetry={() => void inherited.refetch()} />
      ) : inherited.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing inherited from teams above.</p>
      ) : (
        <ul className="grid gap-2" aria-label={`${items.heading} ${team.name} inherits`}>
          {inherited.data.map((item) => (
            <GovernanceListItem
              key={item.id}
              item={item}
              from={item.team_id ? (teamNames.get(item.team_id) ?? "a team above") : "a team above"}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Creates a policy or objective on the team, or edits `item`. */
function TeamItemDialog<K extends GovernanceKind>({
  items,
  team,
  item,
  onOutcome,
}: {
  items: TeamItems<K>;
  team: Team;
  item?: GovernanceItem[K];
  onOutcome: (outcome: GovernanceOutcome) => void;
}) {
  const { create, update } = items.useMutations();
  const mutation = item ? update : create;
  const props = {
    kind: items.kind,
    item,
    trigger: item ? (
      <EditIconButton label={`Edit ${items.kind} ${itemName(item)}`} />
    ) : (
      <Button size="sm" variant="outline">
        <Plus aria-hidden />
        Add {items.kind}
      </Button>
    ),
    title: item ? `Edit ${items.kind} ${itemName(item)}` : `New ${items.kind} for ${team.name}`,
    ...items.dialogText(team),
    onOpen: () => mutation.reset(),
    onSave: (body: GovernanceFields[K]) =>
      (item ? update.mutateAsync({ id: item.id, body }) : create.mutateAsync({ ...body, team_id: team.id })).then(
        onOutcome,
      ),
    error: mutation.error,
    pending: mutation.isPending,
  };
  return <GovernanceItemDialog {...props} />;
}
