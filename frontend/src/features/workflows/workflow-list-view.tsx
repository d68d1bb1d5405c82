"use client";

import { Plus, Search, Workflow as WorkflowIcon } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { userLabel, useUserDirectory } from "@/components/user-picker";
import { VisibilityBadge } from "@/components/visibility";
import { useCurrentUser } from "@/lib/session";
import { useUrlParams } from "@/lib/use-url-params";
import { useWorkflowList } from "./api";
import { matchesWorkflow } from "./schemas";

const PARAMS = ["q"] as const;
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function LoadingRows() {
  return Array.from({ length: 4 }, (_, index) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
    <TableRow key={index}>
      {Array.from({ length: 5 }, (_, cell) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
        <TableCell key={cell}>
          <Skeleton className="h-4 w-full max-w-32" />
        </TableCell>
      ))}
    </TableRow>
  ));
}

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
            <div className="relative min-w-48 flex-1 sm:max-w-md">
              <Search
                className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
                aria-hidden
              />
              <Input
                type="search"
                aria-label="Search workflows"
                placeholder="Search name, description or prompt"
                className="pl-8"
                value={text}
                onChange={(event) => {
                  setText(event.target.value);
                  setParams({ q: event.target.value });
                }}
              />
            </div>
          </search>
          {visible && visible.length === 0 ? (
            <EmptyState
              icon={Search}
              title="No workflows match"
              description="Try a different search."
              action={
                <Button
                  variant="outline"
                  onClick={() => {
                    setText("");
                    setParams({ q: null });
                  }}
                >
                  Clear search
                </Button>
              }
            />
          ) : (
            <Card className="p-2" aria-busy={workflows.isFetching}>
              <Table>
                <TableHeader>
                  <TableRow className="hover:bg-transparent">
                    <TableHead>Name</TableHead>
                    <TableHead>Steps</TableHead>
                    <TableHead>Visibility</TableHead>
                    <TableHead>Owner</TableHead>
                    <TableHead>Updated</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {visible ? (
                    visible.map((workflow) => (
                      <TableRow key={workflow.id}>
                        <TableCell className="max-w-md">
                          <Link href={`/workflows/${workflow.id}`} className="font-medium text-primary hover:underline">
                            {workflow.name}
                          </Link>
                          {workflow.description ? (
                            <p className="mt-0.5 line-clamp-2 text-xs text-muted-foreground">{workflow.description}</p>
                          ) : null}
                        </TableCell>
                        <TableCell>{workflow.steps.length}</TableCell>
                        <TableCell>
                          <VisibilityBadge visibility={workflow.visibility} />
                        </TableCell>
                        <TableCell className="text-muted-foreground">{owner(workflow.user_id)}</TableCell>
                        <TableCell className="whitespace-nowrap text-muted-foreground">
                          {dateFormat.format(new Date(workflow.updated_at))}
                        </TableCell>
                      </TableRow>
                    ))
                  ) : (
                    <LoadingRows />
                  )}
                </TableBody>
              </Table>
            </Card>
          )}
        </>
      )}
    </>
  );
}
