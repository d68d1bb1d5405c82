"use client";

import { FolderKanban, FolderPlus, Search } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { userLabel, useUserDirectory } from "@/components/user-picker";
import { useUrlParams } from "@/lib/use-url-params";
import { useProjectList, useTeams } from "./api";
import { matchesProject } from "./project-rules";

const PARAMS = ["q", "team"] as const;
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function LoadingRows() {
  return Array.from({ length: 4 }, (_, index) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
    <TableRow key={index}>
      {Array.from({ length: 4 }, (_, cell) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
        <TableCell key={cell}>
          <Skeleton className="h-4 w-full max-w-32" />
        </TableCell>
      ))}
    </TableRow>
  ));
}

/** Every project, or one team's; the API answers them all at once, so search filters here. */
export function ProjectListView() {
  const [params, setParams] = useUrlParams(PARAMS);
  const [text, setText] = React.useState(params.q);
  const projects = useProjectList(params.team);
  const teams = useTeams();
  const users = useUserDirectory();
  const teamName = (id: string) => teams.data?.find((team) => team.id === id)?.name ?? "—";
  const visible = projects.data?.items.filter((project) => matchesProject(project, text));
  const filtered = Boolean(text.trim() || params.team);

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
      <search className="mb-4 flex flex-wrap items-center gap-3">
        <div className="relative min-w-48 flex-1">
          <Search
            className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
            aria-hidden
          />
          <Input
            type="search"
            aria-label="Search projects"
            placeholder="Search name, slug or description"
            className="pl-8"
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setParams({ q: event.target.value });
            }}
          />
        </div>
        <div className="w-56">
          <Select
            aria-label="Filter by team"
            value={params.team}
            onChange={(event) => setParams({ team: event.target.value })}
          >
            <option value="">Every team</option>
            {teams.data?.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
        </div>
      </search>

      {projects.isError ? (
        <ErrorAlert
          error={projects.error}
          title="Projects could not be loaded"
          onRetry={() => void projects.refetch()}
        />
      ) : visible && visible.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={Search}
            title="No projects match"
            description="Try a different search, or another team."
            action={
              <Button
                variant="outline"
                onClick={() => {
                  setText("");
                  setParams({ q: null, team: null });
                }}
              >
                Clear filters
              </Button>
            }
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
        <Card className="p-2" aria-busy={projects.isFetching}>
          <Table>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Team</TableHead>
                <TableHead>Lead</TableHead>
                <TableHead>Updated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {visible ? (
                visible.map((project) => (
                  <TableRow key={project.id}>
                    <TableCell className="max-w-md">
                      <Link href={`/projects/${project.id}`} className="font-medium text-primary hover:underline">
                        {project.name}
                      </Link>
                      <span className="ml-2 font-mono text-xs text-muted-foreground">{project.slug}</span>
                      {project.description ? (
                        <p className="mt-0.5 line-clamp-2 text-xs text-muted-foreground">{project.description}</p>
                      ) : null}
                    </TableCell>
                    <TableCell>{teamName(project.team_id)}</TableCell>
                    <TableCell className="text-muted-foreground">
                      {project.lead_user_id ? userLabel(users.data?.get(project.lead_user_id)) : "—"}
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      {dateFormat.format(new Date(project.updated_at))}
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
  );
}
