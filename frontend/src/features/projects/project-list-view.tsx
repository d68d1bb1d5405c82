"use client";

import { FolderKanban, FolderPlus } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { CopyButton } from "@/components/copy-button";
import { EmptyState, NoMatches } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { type Column, ResourceTable } from "@/components/resource-table";
import { SearchField } from "@/components/search-field";
import { TeamChoice } from "@/components/team-choice";
import { Button } from "@/components/ui/button";
import { userLabel, useUserDirectory } from "@/components/user-picker";
import { useTeamsById } from "@/lib/api/teams";
import { useUrlParams } from "@/lib/use-url-params";
import { type Project, useProjectList } from "./api";
import { matchesProject } from "./project-rules";

const PARAMS = ["q", "team"] as const;
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** Every project, or one team's; the API answers them all at once, so search filters here. */
export function ProjectListView() {
  const [params, setParams] = useUrlParams(PARAMS);
  const [text, setText] = React.useState(params.q);
  const projects = useProjectList(params.team);
  // Just the teams the listed projects belong to, by id.
  const teams = useTeamsById(projects.data?.items.map((project) => project.team_id) ?? []);
  const users = useUserDirectory();
  const teamName = (id: string) => teams.byId.get(id)?.name ?? "—";
  const visible = projects.data?.items.filter((project) => matchesProject(project, text));
  const filtered = Boolean(text.trim() || params.team);
  const columns: Column<Project>[] = [
    {
      header: "Name",
      className: "max-w-md",
      cell: (project) => (
        <>
          <Link href={`/projects/${project.id}`} className="font-medium text-primary hover:underline">
            {project.name}
          </Link>
          <span className="ml-2 font-mono text-xs text-muted-foreground">{project.slug}</span>
          {project.description ? (
            <p className="mt-0.5 line-clamp-2 text-xs text-muted-foreground">{project.description}</p>
          ) : null}
          {/* What MCP's `project` argument takes: shown here so nobody has to open the project for it. */}
          <p className="mt-0.5 flex items-center gap-1 text-xs text-muted-foreground">
            <span>ID</span>
            <code className="min-w-0 break-all font-mono">{project.id}</code>
            <CopyButton text={project.id} label={`Copy the id of ${project.name}`} iconOnly />
          </p>
        </>
      ),
    },
    { header: "Team", cell: (project) => teamName(project.team_id) },
    {
      header: "Lead",
      className: "text-muted-foreground",
      cell: (project) => (project.lead_user_id ? userLabel(users.data?.get(project.lead_user_id)) : "—"),
    },
    {
      header: "Updated",
      className: "whitespace-nowrap text-muted-foreground",
      cell: (project) => dateFormat.format(new Date(project.updated_at)),
    },
  ];

  return (
    <>
      <PageHeader
        title="Projects"
        description="Work that spans teams: a project's policies and objectives apply when a request names it."
        actions={
          <Button asChild>
            <Link href="/projects/new">
              <FolderPlus aria-hidden />
              New project
            </Link>
          </Button>
        }
      />
      <search className="mb-4 flex flex-wrap items-start gap-3">
        <SearchField
          aria-label="Search projects"
          placeholder="Search name, slug or description"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setParams({ q: event.target.value });
          }}
        />
        <TeamChoice
          className="w-full sm:w-72"
          legend="Filter by team"
          searchLabel="Find a team to filter by"
          emptyLabel="Every team"
          value={params.team}
          onChange={(team) => setParams({ team: team || null })}
        />
      </search>

      {projects.isError ? (
        <ErrorAlert
          error={projects.error}
          title="Projects could not be loaded"
          onRetry={() => void projects.refetch()}
        />
      ) : visible && visible.length === 0 ? (
        filtered ? (
          <NoMatches
            noun="projects"
            hint="Try a different search, or another team."
            onClear={() => {
              setText("");
              setParams({ q: null, team: null });
            }}
          />
        ) : (
          <EmptyState
            icon={FolderKanban}
            title="No projects yet"
            description="Create one to give a piece of work its own members, policies and objectives."
            action={
              <Button asChild>
                <Link href="/projects/new">New project</Link>
              </Button>
            }
          />
        )
      ) : (
        <ResourceTable columns={columns} items={visible} itemKey={(project) => project.id} busy={projects.isFetching} />
      )}
    </>
  );
}
