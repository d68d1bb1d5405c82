"use client";

import { Trash2 } from "lucide-react";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import * as React from "react";
import { WithHistory } from "@/components/audit/with-history";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { BackLink, DetailLoadError } from "@/components/detail-page";
import { ErrorAlert } from "@/components/error-alert";
import { FormSkeleton } from "@/components/form-skeleton";
import { Identifiers } from "@/components/identifiers";
import { PageHeader } from "@/components/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { userLabel, useUserDirectory } from "@/components/user-picker";
import { useTeamPaths } from "@/lib/api/teams";
import { useIsGovernor } from "@/lib/audit-access";
import { useCurrentUser } from "@/lib/session";
import { type Project, useDeleteProject, useProject, useUpdateProject } from "./api";
import { LeadField } from "./lead-field";
import { ProjectGovernance, projectObjectives, projectPolicies } from "./project-governance";
import { ProjectMembers } from "./project-members";
import { canManageProject } from "./project-rules";

/** The details form loads beside the project's data: the page shows neither before both are there. */
const DetailsForm = dynamic(() => import("./project-details-form").then((module) => module.DetailsForm), {
  loading: () => <FormSkeleton fields={3} />,
});

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function LeadCard({ project, manage, onSaved }: { project: Project; manage: boolean; onSaved: (m: string) => void }) {
  const update = useUpdateProject(project.id);
  const users = useUserDirectory();
  const lead = project.lead_user_id ? (users.data?.get(project.lead_user_id) ?? null) : null;
  return (
    <div className="grid gap-2">
      {update.error ? <ErrorAlert error={update.error} title="The lead was not changed" /> : null}
      {manage ? (
        <LeadField
          lead={lead}
          disabled={update.isPending}
          onChange={(user) =>
            update.mutate(
              { lead_user_id: user?.id ?? null },
              {
                onSuccess: () =>
                  onSaved(user ? `${userLabel(user)} now leads the project.` : "The project has no lead now."),
              },
            )
          }
        />
      ) : (
        <p className="text-sm">{lead ? userLabel(lead) : "No lead."}</p>
      )}
    </div>
  );
}

/** One project: details, lead, members, and the policies and objectives that apply under it. */
export function ProjectDetailView({ id }: { id: string }) {
  const user = useCurrentUser();
  const router = useRouter();
  const project = useProject(id);
  // The project's team and every team above it: its name, and whose owners manage the project.
  const teamPaths = useTeamPaths([project.data?.team_id]);
  const remove = useDeleteProject(id);
  const governor = useIsGovernor(user);
  const [notice, setNotice] = React.useState<string | null>(null);

  if (project.isPending) {
    return (
      <div className="grid gap-6" aria-busy>
        <span className="sr-only">Loading project…</span>
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-40" />
        <Skeleton className="h-40" />
      </div>
    );
  }
  if (project.isError) {
    return (
      <DetailLoadError
        error={project.error}
        missingStatuses={[403, 404, 422]}
        missingTitle="No such project"
        missingDescription="It does not exist, or you cannot see it."
        back={{ href: "/projects", label: "Back to projects" }}
        errorTitle="The project could not be loaded"
        onRetry={() => void project.refetch()}
      />
    );
  }

  const data = project.data;
  const manage = canManageProject(user, data, teamPaths.teams);
  const team = teamPaths.byId.get(data.team_id)?.at(-1);

  return (
    <>
      <BackLink href="/projects">Projects</BackLink>
      <PageHeader
        title={data.name}
        description={
          <div className="grid gap-2">
            <p className="flex flex-wrap items-center gap-2">
              <span>Team {team?.name ?? "—"}</span>
              <span aria-hidden>·</span>
              <span>Updated {dateFormat.format(new Date(data.updated_at))}</span>
            </p>
            <Identifiers
              items={[
                { term: "ID", value: data.id, copyLabel: "Copy project id" },
                { term: "Slug", value: data.slug, copyLabel: "Copy project slug" },
              ]}
            />
            <p className="text-xs">
              MCP tools (<code className="font-mono">sh-run</code>, <code className="font-mono">sh-workflow-run</code>)
              take the id as their <code className="font-mono">project</code> argument; the CLI takes{" "}
              <code className="font-mono">--project</code> with the id or the slug.
            </p>
          </div>
        }
        actions={
          manage ? (
            <ConfirmDialog
              trigger={
                <Button variant="outline">
                  <Trash2 aria-hidden />
                  Delete
                </Button>
              }
              title={`Delete ${data.name}?`}
              description="Its members, policies and objectives are deleted with it. Workflows in it stay, without a project."
              confirmLabel="Delete project"
              destructive
              onConfirm={() => remove.mutateAsync().then(() => router.push("/projects"))}
            />
          ) : null
        }
      />
      <WithHistory show={manage || governor} targetType="project" targetId={data.id} label="Project sections">
        <div className="grid grid-cols-1 gap-6">
          {notice ? <Alert variant="success">{notice}</Alert> : null}
          {remove.error ? <ErrorAlert error={remove.error} title="The project was not deleted" /> : null}
          <div className="grid gap-6 lg:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>Details</CardTitle>
              </CardHeader>
              <CardContent>
                <DetailsForm project={data} manage={manage} onSaved={setNotice} />
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Lead</CardTitle>
                <CardDescription>Manages the project, alongside its team's managers.</CardDescription>
              </CardHeader>
              <CardContent>
                <LeadCard project={data} manage={manage} onSaved={setNotice} />
              </CardContent>
            </Card>
          </div>
          <Card>
            <CardHeader>
              <CardTitle>Members</CardTitle>
              <CardDescription>People from any team who work on this project.</CardDescription>
            </CardHeader>
            <CardContent>
              <ProjectMembers projectId={data.id} manage={manage} />
            </CardContent>
          </Card>
          <div className="grid gap-6 lg:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>Policies</CardTitle>
                <CardDescription>Rules applied when an expansion or run names this project.</CardDescription>
              </CardHeader>
              <CardContent>
                <ProjectGovernance items={projectPolicies} projectId={data.id} manage={manage} />
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Objectives</CardTitle>
                <CardDescription>What the project is working towards.</CardDescription>
              </CardHeader>
              <CardContent>
                <ProjectGovernance items={projectObjectives} projectId={data.id} manage={manage} />
              </CardContent>
            </Card>
          </div>
        </div>
      </WithHistory>
    </>
  );
}
