"use client";

import { Plus } from "lucide-react";
import { ErrorAlert } from "@/components/error-alert";
import type { Policy } from "@/components/governance/form-values";
import { DeleteItemButton, EditIconButton, PolicyItem } from "@/components/governance/list-items";
import { PolicyFormDialog } from "@/components/governance/policy-dialog";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { type Team, useEffectivePolicies, usePolicyMutations, useTeamPolicies } from "./api";

function ListSkeleton({ label }: { label: string }) {
  return (
    <div className="grid gap-2" aria-busy>
      <span className="sr-only">{label}</span>
      <Skeleton className="h-10" />
    </div>
  );
}

/**
 * The team's own policies (editable by those who manage it) and, read-only, those it inherits
 * from the teams above it, each naming the team it comes from.
 */
export function PolicySection({
  team,
  canEdit,
  teamNames,
}: {
  team: Team;
  canEdit: boolean;
  teamNames: ReadonlyMap<string, string>;
}) {
  const local = useTeamPolicies(team.id);
  const inherited = useEffectivePolicies(team.id);
  const { remove } = usePolicyMutations();

  return (
    <section aria-labelledby="team-policies-heading" className="grid gap-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id="team-policies-heading" className="text-sm font-semibold">
          Policies
        </h3>
        {canEdit ? <TeamPolicyDialog team={team} /> : null}
      </div>
      {remove.error ? <ErrorAlert error={remove.error} title="The policy was not deleted" /> : null}
      {local.isPending ? (
        <ListSkeleton label="Loading policies…" />
      ) : local.isError ? (
        <ErrorAlert error={local.error} onRetry={() => void local.refetch()} />
      ) : local.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No policies of its own.</p>
      ) : (
        <ul className="grid gap-2" aria-label={`Policies of ${team.name}`}>
          {local.data.map((policy) => (
            <PolicyItem
              key={policy.id}
              policy={policy}
              actions={
                canEdit ? (
                  <>
                    <TeamPolicyDialog team={team} policy={policy} />
                    <DeleteItemButton
                      label={`Delete policy ${policy.name}`}
                      title={`Delete policy ${policy.name}?`}
                      description={`It stops applying to ${team.name} and every team below it.`}
                      onConfirm={() => {
                        remove.reset();
                        return remove.mutateAsync(policy.id);
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
        <ListSkeleton label="Loading inherited policies…" />
      ) : inherited.isError ? (
        <ErrorAlert error={inherited.error} onRetry={() => void inherited.refetch()} />
      ) : inherited.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing inherited from teams above.</p>
      ) : (
        <ul className="grid gap-2" aria-label={`Policies ${team.name} inherits`}>
          {inherited.data.map((policy) => (
            <PolicyItem
              key={policy.id}
              policy={policy}
              from={policy.team_id ? (teamNames.get(policy.team_id) ?? "a team above") : "a team above"}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Creates a policy on the team, or edits `policy`. */
function TeamPolicyDialog({ team, policy }: { team: Team; policy?: Policy }) {
  const { create, update } = usePolicyMutations();
  const mutation = policy ? update : create;
  return (
    <PolicyFormDialog
      policy={policy}
      trigger={
        policy ? (
          <EditIconButton label={`Edit policy ${policy.name}`} />
        ) : (
          <Button size="sm" variant="outline">
            <Plus aria-hidden />
            Add policy
          </Button>
        )
      }
      title={policy ? `Edit policy ${policy.name}` : `New policy for ${team.name}`}
      description={`Applies to everyone in ${team.name} and in every team below it, whenever they expand a prompt.`}
      labels={{ name: "Policy name", content: "Policy text" }}
      onOpen={() => mutation.reset()}
      onSave={(body) =>
        policy ? update.mutateAsync({ id: policy.id, body }) : create.mutateAsync({ ...body, team_id: team.id })
      }
      error={mutation.error}
      pending={mutation.isPending}
    />
  );
}
