"use client";

import { Trash2 } from "lucide-react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import * as React from "react";
import { WithHistory } from "@/components/audit/with-history";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { BackLink, DetailLoadError, OwnedItemDescription } from "@/components/detail-page";
import { ErrorAlert } from "@/components/error-alert";
import { Identifiers } from "@/components/identifiers";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { userLabel, useUserDirectory } from "@/components/user-picker";
import { useIsGovernor } from "@/lib/audit-access";
import { canManage, useCurrentUser } from "@/lib/session";
import { useDeleteWorkflow, useWorkflow, type Workflow } from "./api";
import { ShareDialog } from "./share-dialog";
import { WorkflowBuilder } from "./workflow-builder";
import { WorkflowRunPanel } from "./workflow-run-panel";
import { WorkflowStepsGraph } from "./workflow-steps-graph";

// The run history sits at the bottom of the page: its code (infinite list, run dialogs) loads
// after the page, which keeps the page's first load light.
const WorkflowRunsSection = dynamic(
  () => import("./workflow-runs-section").then((module) => module.WorkflowRunsSection),
  { loading: () => <Skeleton className="h-24" /> },
);

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
  const governor = useIsGovernor(user);
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
    return (
      <DetailLoadError
        error={workflow.error}
        missingStatuses={[404, 422]}
        missingTitle="No such workflow"
        missingDescription="It does not exist, or it has not been shared with you."
        back={{ href: "/workflows", label: "Back to workflows" }}
        errorTitle="The workflow could not be loaded"
        onRetry={() => void workflow.refetch()}
      />
    );
  }

  const data = workflow.data;
  const manage = canManage(user, data.user_id);
  const owner = data.user_id === user.id ? "you" : userLabel(users.data?.get(data.user_id ?? ""));

  return (
    <>
      <BackLink href="/workflows">Workflows</BackLink>
      <PageHeader
        title={data.name}
        description={
          <div className="grid gap-2">
            <OwnedItemDescription
              description={data.description}
              visibility={data.visibility}
              owner={owner}
              updatedAt={data.updated_at}
            />
            {/* sh-workflow-run takes the name; the REST API the id. */}
            <Identifiers
              items={[
                { term: "Name", value: data.name, copyLabel: "Copy workflow name" },
                { term: "ID", value: data.id, copyLabel: "Copy workflow id" },
              ]}
            />
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
      <WithHistory show={manage || governor} targetType="workflow" targetId={data.id} label="Workflow sections">
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
              <CardTitle>Graph</CardTitle>
              <CardDescription>The saved steps in the order they run, and which step feeds which.</CardDescription>
            </CardHeader>
            <CardContent>
              <WorkflowStepsGraph workflow={data} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Run</CardTitle>
              <CardDescription>
                Renders every step with your input, under your policies and objectives, and shows what each step
                produced. Runs use the saved steps.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <WorkflowRunPanel workflow={data} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Runs</CardTitle>
              <CardDescription>
                {manage
                  ? "Every run of this workflow, newest first, whoever ran it and however."
                  : "Your runs of this workflow, newest first."}{" "}
                Kept for the organization's run retention.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <WorkflowRunsSection workflow={data} />
            </CardContent>
          </Card>
        </div>
      </WithHistory>
    </>
  );
}
