"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import type * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import type {
  GovernanceFields,
  GovernanceItem,
  GovernanceKind,
  ItemMutation,
} from "@/components/governance/form-values";
import { GovernanceItemDialog } from "@/components/governance/item-dialog";
import { DeleteItemButton, EditIconButton, GovernanceListItem, itemName } from "@/components/governance/list-items";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useObjectiveActions, usePolicyActions, useProjectObjectives, useProjectPolicies } from "./api";

/** What differs between a project's policies and its objectives; the list is otherwise the same. */
type ProjectItems<K extends GovernanceKind> = {
  kind: K;
  heading: string;
  empty: string;
  useItems: (projectId: string) => UseQueryResult<GovernanceItem[K][]>;
  useActions: (projectId: string) => {
    create: ItemMutation<GovernanceFields[K]>;
    update: ItemMutation<{ id: string; body: GovernanceFields[K] }>;
    remove: ItemMutation<string>;
  };
  dialogTitle: (item?: GovernanceItem[K]) => string;
  dialogDescription: React.ReactNode;
  deleteTitle: (item: GovernanceItem[K]) => string;
  deleteDescription: string;
};

export const projectPolicies: ProjectItems<"policy"> = {
  kind: "policy",
  heading: "Policies",
  empty: "No project policies.",
  useItems: useProjectPolicies,
  useActions: usePolicyActions,
  dialogTitle: (policy) => (policy ? `Edit ${policy.name}` : "New project policy"),
  dialogDescription: "Applies to expansions and workflow runs that name this project.",
  deleteTitle: (policy) => `Delete ${policy.name}?`,
  deleteDescription:
    "It stops applying to this project's expansions and runs. To pause it instead, edit it and clear Active.",
};

export const projectObjectives: ProjectItems<"objective"> = {
  kind: "objective",
  heading: "Objectives",
  empty: "No objectives yet.",
  useItems: useProjectObjectives,
  useActions: useObjectiveActions,
  dialogTitle: (objective) => (objective ? "Edit objective" : "New project objective"),
  dialogDescription: (
    <>Active objectives are listed to templates as {"{{ objectives }}"} when a request names this project.</>
  ),
  deleteTitle: (objective) => `Delete “${objective.title}”?`,
  deleteDescription: "It is removed for good. To keep it on record, set its status to something other than active.",
};

/** Creates a policy or objective on the project, or edits `item`. */
function ProjectItemDialog<K extends GovernanceKind>({
  items,
  projectId,
  item,
}: {
  items: ProjectItems<K>;
  projectId: string;
  item?: GovernanceItem[K];
}) {
  const { create, update } = items.useActions(projectId);
  const mutation = item ? update : create;
  return (
    <GovernanceItemDialog
      kind={items.kind}
      item={item}
      trigger={
        item ? (
          <EditIconButton label={`Edit ${items.kind} ${itemName(item)}`} />
        ) : (
          <Button variant="outline">
            <Plus aria-hidden />
            Add {items.kind}
          </Button>
        )
      }
      title={items.dialogTitle(item)}
      description={items.dialogDescription}
      onOpen={() => mutation.reset()}
      onSave={(body) => (item ? update.mutateAsync({ id: item.id, body }) : create.mutateAsync(body))}
      error={mutation.error}
      pending={mutation.isPending}
    />
  );
}

/** The project's own policies or objectives, with add, edit and delete for its managers. */
export function ProjectGovernance<K extends GovernanceKind>({
  items,
  projectId,
  manage,
}: {
  items: ProjectItems<K>;
  projectId: string;
  manage: boolean;
}) {
  const list = items.useItems(projectId);
  const { remove } = items.useActions(projectId);
  const { kind } = items;

  return (
    <div className="grid gap-4">
      {remove.error ? <ErrorAlert error={remove.error} title={`The ${kind} was not deleted`} /> : null}
      {list.isPending ? (
        <Skeleton className="h-16" />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">{items.empty}</p>
      ) : (
        <ul className="grid gap-2" aria-label={items.heading}>
          {list.data.map((item) => (
            <GovernanceListItem
              key={item.id}
              item={item}
              actions={
                manage ? (
                  <>
                    <ProjectItemDialog items={items} projectId={projectId} item={item} />
                    <DeleteItemButton
                      label={`Delete ${kind} ${itemName(item)}`}
                      title={items.deleteTitle(item)}
                      description={items.deleteDescription}
                      confirmLabel={`Delete ${kind}`}
                      onConfirm={() => {
                        remove.reset();
                        return remove.mutateAsync(item.id);
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
          <ProjectItemDialog items={items} projectId={projectId} />
        </div>
      ) : null}
    </div>
  );
}
