"use client";

import { ArrowLeft, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import * as React from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { userLabel, useUserDirectory } from "@/components/user-picker";
import { VisibilityBadge } from "@/components/visibility";
import { ApiError } from "@/lib/api/errors";
import { canManage, useCurrentUser } from "@/lib/session";
import { useDeleteWorkflow, useWorkflow, type Workflow } from "./api";
import { ShareDialog } from "./share-dialog";
import { WorkflowBuilder } from "./workflow-builder";
import { WorkflowRunPanel } from "./workflow-run-panel";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** The steps, for people who may run the workflow but not change it. */
function StepTable({ workflow }: { workflow: Workflow }) {
  if (workflow.steps.length === 0) return <p className="text-sm text-muted-foreground">No steps.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Step</TableHead>
          <TableHead>Prompt</TableHead>
          <TableHead>Version</TableHead>
          <TableHead>Depends on</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {workflow.steps.map((step) => (
          <TableRow key={step.id}>
            <TableCell className="font-mono">{step.id}</TableCell>
            <TableCell className="font-mono">{step.prompt_name}</TableCell>
            <TableCell>{step.prompt_version ?? "served"}</TableCell>
            <TableCell className="font-mono">{step.depends_on.join(", ") || "—"}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** One workflow: its builder (for its owner and admins), sharing, deletion, and a run panel. */
export function WorkflowDetailView({ id }: { id: string }) {
  const user = useCurrentUser();
  const router = useRouter();
  const workflow = useWorkflow(id);
  const remove = useDeleteWorkflow(id);
  const users = useUserDirectory();
  const [notice, setNotice] = React.useState<string | null>(null);

  if (workflow.isPending) {
    return (
      <div className="grid gap-6" aria-busy>
        <span className="sr-only">Loading workflow…</span>
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40" />
        <Skeleton className="h-64" />
      </div>
    );
  }
  if (workflow.isError) {
    if (workflow.error instanceof ApiError && (workflow.error.status === 404 || workflow.error.status === 422)) {
      return (
        <EmptyState
          title="No such workflow"
          description="It does not exist, or it has not been shared with you."
          action={
            <Button variant="outline" asChild>
              <Link href="/workflows">Back to workflows</Link>
            </Button>
          }
        />
      );
    }
    return (
      <ErrorAlert
        error={workflow.error}
        title="The workflow could not be loaded"
        onRetry={() => void workflow.refetch()}
      />
    );
  }

  const data = workflow.data;
  const manage = canManage(user, data.user_id);
  const owner = data.user_id === user.id ? "you" : userLabel(users.data?.get(data.user_id ?? ""));

  return (
    <>
      <Link
        href="/workflows"
        className="mb-3 inline-flex items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden />
        Workflows
      </Link>
      <PageHeader
        title={data.name}
        description={
          <div className="grid gap-1">
            {data.description ? <p className="text-foreground">{data.description}</p> : null}
            <p className="flex flex-wrap items-center gap-2">
              <VisibilityBadge visibility={data.visibility} />
              <span>Owned by {owner}</span>
              <span aria-hidden>·</span>
              <span>Updated {dateFormat.format(new Date(data.updated_at))}</span>
            </p>
          </div>
        }
        actions={
          manage ? (
            <>
              <ShareDialog workflow={data} />
              <ConfirmDialog
                trigger={
                  <Button variant="outline">
                    <Trash2 aria-hidden />
                    Delete
                  </Button>
                }
                title={`Delete ${data.name}?`}
                description="The workflow and its shares are deleted for good. The prompts it uses stay."
                confirmLabel="Delete workflow"
                destructive
                onConfirm={() => remove.mutateAsync().then(() => router.push("/workflows"))}
              />
            </>
          ) : null
        }
      />
      <div className="grid grid-cols-1 gap-6">
        {notice ? <Alert variant="success">{notice}</Alert> : null}
        {remove.error ? <ErrorAlert error={remove.error} title="The workflow was not deleted" /> : null}
        {manage ? (
          <WorkflowBuilder key={data.id} workflow={data} onSaved={setNotice} />
        ) : (
          <Card>
            <CardHeader>
              <CardTitle>Steps</CardTitle>
              <CardDescription>Only the owner and admins can change this workflow.</CardDescription>
            </CardHeader>
            <CardContent>
              <StepTable workflow={data} />
            </CardContent>
          </Card>
        )}
        <Card>
          <CardHeader>
            <CardTitle>Run</CardTitle>
            <CardDescription>
              Renders every step with your input, under your policies and objectives, and shows what each step produced.
              Runs use the saved steps.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <WorkflowRunPanel workflow={data} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
