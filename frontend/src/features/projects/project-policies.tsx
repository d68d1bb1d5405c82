"use client";

import { Plus } from "lucide-react";
import { ErrorAlert } from "@/components/error-alert";
import { GovernanceItemDialog } from "@/components/governance/item-dialog";
import { DeleteItemButton, EditIconButton, PolicyItem } from "@/components/governance/list-items";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { type Policy, usePolicyActions, useProjectPolicies } from "./api";

/** Creates a policy on the project, or edits `policy`. */
function ProjectPolicyDialog({ projectId, policy }: { projectId: string; policy?: Policy }) {
  const actions = usePolicyActions(projectId);
  const mutation = policy ? actions.update : actions.create;
  return (
    <GovernanceItemDialog
      kind="policy"
      item={policy}
      trigger={
        policy ? (
          <EditIconButton label={`Edit policy ${policy.name}`} />
        ) : (
          <Button variant="outline">
            <Plus aria-hidden />
            Add policy
          </Button>
        )
      }
      title={policy ? `Edit ${policy.name}` : "New project policy"}
      description="Applies to expansions and workflow runs that name this project."
      onOpen={() => mutation.reset()}
      onSave={(body) =>
        policy ? actions.update.mutateAsync({ id: policy.id, body }) : actions.create.mutateAsync(body)
      }
      error={mutation.error}
      pending={mutation.isPending}
    />
  );
}

/** The project's own policies, highest priority first, with add/edit/delete for its managers. */
export function ProjectPolicies({ projectId, manage }: { projectId: string; manage: boolean }) {
  const policies = useProjectPolicies(projectId);
  const actions = usePolicyActions(projectId);

  return (
    <div className="grid gap-4">
      {actions.remove.error ? <ErrorAlert error={actions.remove.error} title="The policy was not deleted" /> : null}
      {policies.isPending ? (
        <Skeleton className="h-16" />
      ) : policies.isError ? (
        <ErrorAlert error={policies.error} onRetry={() => void policies.refetch()} />
      ) : policies.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No project policies.</p>
      ) : (
        <ul className="grid gap-2" aria-label="Policies">
          {policies.data.map((policy) => (
            <PolicyItem
              key={policy.id}
              policy={policy}
              actions={
                manage ? (
                  <>
                    <ProjectPolicyDialog projectId={projectId} policy={policy} />
                    <DeleteItemButton
                      label={`Delete policy ${policy.name}`}
                      title={`Delete ${policy.name}?`}
                      description="It stops applying to this project's expansions and runs. To pause it instead, edit it and clear Active."
                      confirmLabel="Delete policy"
                      onConfirm={() => {
                        actions.remove.reset();
                        return actions.remove.mutateAsync(policy.id);
                      }}
                    />
                  </>
                ) : null
              }
            />
          ))}
        </ul>
      )}
      {manage ? (
        <div>
          <ProjectPolicyDialog projectId={projectId} />
        </div>
      ) : null}
    </div>
  );
}
