"use client";

import { Plus, Workflow as WorkflowIcon } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { EmptyState, NoMatches } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { type Column, ResourceTable } from "@/components/resource-table";
import { SearchField } from "@/components/search-field";
import { Button } from "@/components/ui/button";
import { userLabel, useUserDirectory } from "@/components/user-picker";
import { VisibilityBadge } from "@/components/visibility";
import { useCurrentUser } from "@/lib/session";
import { useUrlParams } from "@/lib/use-url-params";
import { useWorkflowList, type Workflow } from "./api";
import { matchesWorkflow } from "./schemas";

const PARAMS = ["q"] as const;
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** Every workflow the user can see; the API answers them all at once, so search filters here. */
export function WorkflowListView() {
  const user = useCurrentUser();
  const [params, setParams] = useUrlParams(PARAMS);
  const [text, setText] = React.useState(params.q);
  const workflows = useWorkflowList();
  const users = useUserDirectory();
  const visible = workflows.data?.filter((workflow) => matchesWorkflow(workflow, text));

  const owner = (id: string | null) => {
    if (!id) return "—";
    if (id === user.id) return "You";
    return userLabel(users.data?.get(id));
  };
  const columns: Column<Workflow>[] = [
    {
      header: "Name",
      className: "max-w-md",
      cell: (workflow) => (
        <>
          <Link href={`/workflows/${workflow.id}`} className="font-medium text-primary hover:underline">
            {workflow.name}
          </Link>
          {workflow.description ? (
            <p className="mt-0.5 line-clamp-2 text-xs text-muted-foreground">{workflow.description}</p>
          ) : null}
        </>
      ),
    },
    { header: "Steps", cell: (workflow) => workflow.steps.length },
    { header: "Visibility", cell: (workflow) => <VisibilityBadge visibility={workflow.visibility} /> },
    { header: "Owner", className: "text-muted-foreground", cell: (workflow) => owner(workflow.user_id) },
    {
      header: "Updated",
      className: "whitespace-nowrap text-muted-foreground",
      cell: (workflow) => dateFormat.format(new Date(workflow.updated_at)),
    },
  ];

  return (
    <>
      <PageHeader
        title="Workflows"
        description="Chains of prompts run in dependency order, each step seeing the outputs before it."
        actions={
          <Button asChild>
            <Link href="/workflows/new">
              <Plus aria-hidden />
              New workflow
            </Link>
          </Button>
        }
      />
      {workflows.isError ? (
        <ErrorAlert
          error={workflows.error}
          title="Workflows could not be loaded"
          onRetry={() => void workflows.refetch()}
        />
      ) : workflows.data && workflows.data.length === 0 ? (
        <EmptyState
          icon={WorkflowIcon}
          title="No workflows yet"
          description="Chain prompts together: a step can use the output of the steps it depends on."
          action={
            <Button asChild>
              <Link href="/workflows/new">New workflow</Link>
            </Button>
          }
        />
      ) : (
        <>
          <search className="mb-4 flex">
            <SearchField
              className="sm:max-w-md"
              aria-label="Search workflows"
              placeholder="Search name, description or prompt"
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setParams({ q: event.target.value });
              }}
            />
          </search>
          {visible && visible.length === 0 ? (
            <NoMatches
              noun="workflows"
              hint="Try a different search."
              clearLabel="Clear search"
              onClear={() => {
                setText("");
                setParams({ q: null });
              }}
            />
          ) : (
            <ResourceTable
              columns={columns}
              items={visible}
              itemKey={(workflow) => workflow.id}
              busy={workflows.isFetching}
            />
          )}
        </>
      )}
    </>
  );
}
