"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowRight, KeyRound, Plug, ScrollText, Users } from "lucide-react";
import Link from "next/link";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import { useTeamPaths } from "@/lib/api/teams";
import { useCurrentUser } from "@/lib/session";
import { countOf, memberTeamIds, placedTeams, teamHref } from "./member-guide-values";

/** At most this many policy and objective names are listed; the team page shows the rest. */
const SHOWN = 5;

function GuideCard({
  id,
  icon: Icon,
  title,
  description,
  children,
}: {
  id: string;
  icon: typeof Users;
  title: string;
  description: string;
  children: React.ReactNode;
}) {
  return (
    <Card id={id} role="region" aria-labelledby={`${id}-title`}>
      <CardHeader className="flex-row items-start gap-4">
        <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-primary/10 text-primary">
          <Icon className="size-5" aria-hidden />
        </span>
        <div className="grid gap-1.5">
          <CardTitle id={`${id}-title`}>{title}</CardTitle>
          <CardDescription>{description}</CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm sm:pl-[4.75rem]">{children}</CardContent>
    </Card>
  );
}

function LinkButton({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <div>
      <Button variant="outline" size="sm" asChild>
        <Link href={href}>
          {children}
          <ArrowRight aria-hidden />
        </Link>
      </Button>
    </div>
  );
}

function NameList({ names, empty }: { names: string[]; empty: string }) {
  if (names.length === 0) return <p className="text-muted-foreground">{empty}</p>;
  const more = names.length - SHOWN;
  return (
    <ul className="list-inside list-disc text-muted-foreground">
      {names.slice(0, SHOWN).map((name) => (
        <li key={name}>{name}</li>
      ))}
      {more > 0 ? <li>and {more} more</li> : null}
    </ul>
  );
}

/**
 * The guide for members: the teams they are in and where those sit, the governance that applies
 * to them, and how to connect their IDE. (Admins get the set-up guide instead.)
 */
export function MemberGuide() {
  const user = useCurrentUser();
  const teamIds = memberTeamIds(user);
  // Where each of the user's teams sits: its path, not the whole tree.
  const teams = useTeamPaths(teamIds);
  const policies = useQuery({
    queryKey: queryKeys.policies.effective("user", user.id),
    queryFn: () => unwrap(api.GET("/api/v1/policies/effective", { params: { query: { user_id: user.id } } })),
  });
  const objectives = useQuery({
    queryKey: queryKeys.objectives.effective("user", user.id),
    queryFn: () => unwrap(api.GET("/api/v1/objectives/effective", { params: { query: { user_id: user.id } } })),
  });
  const placed = teams.isPending ? null : placedTeams(teamIds, teams.teams);
  const [primary, ...others] = placed ?? [];
  const policyNames = policies.data ? [...policies.data.local, ...policies.data.inherited].map((p) => p.name) : [];
  const objectiveNames = objectives.data
    ? [...objectives.data.local, ...objectives.data.inherited].map((o) => o.title)
    : [];
  const primaryHref = teamHref(primary?.id ?? user.team_id);

  return (
    <ol className="grid gap-4">
      <li>
        <GuideCard
          id="your-team"
          icon={Users}
          title="Your team"
          description="Teams form a tree: what a team above yours sets applies to yours too."
        >
          {teams.error ? (
            <ErrorAlert
              error={teams.error}
              title="Your teams could not be loaded"
              onRetry={() => void teams.refetch()}
            />
          ) : !placed ? (
            <Skeleton className="h-10" />
          ) : primary ? (
            <>
              <p>
                You are in <strong>{primary.name}</strong>
                {primary.above ? (
                  <>
                    , under <span className="text-muted-foreground">{primary.above}</span>
                  </>
                ) : (
                  ", the organization's root team"
                )}
                .
              </p>
              {others.length > 0 ? (
                <p>
                  Also in:{" "}
                  {others.map((team, index) => (
                    <span key={team.id}>
                      {index > 0 ? ", " : null}
                      <Link className="font-medium text-primary hover:underline" href={teamHref(team.id)}>
                        {team.name}
                      </Link>{" "}
                      <span className="text-muted-foreground">({team.path})</span>
                    </span>
                  ))}
                </p>
              ) : null}
            </>
          ) : (
            <p className="text-muted-foreground">Your team is not visible to you.</p>
          )}
          <LinkButton href={primaryHref}>Open your team</LinkButton>
        </GuideCard>
      </li>
      <li>
        <GuideCard
          id="your-governance"
          icon={ScrollText}
          title="Your governance"
          description="SpecHub applies these policies and objectives to every prompt you expand, from the web or your IDE."
        >
          {policies.isError || objectives.isError ? (
            <ErrorAlert
              error={policies.error ?? objectives.error}
              title="Your governance could not be loaded"
              onRetry={() => {
                void policies.refetch();
                void objectives.refetch();
              }}
            />
          ) : !policies.data || !objectives.data ? (
            <Skeleton className="h-16" />
          ) : (
            <div className="grid gap-3 sm:grid-cols-2">
              <div className="grid gap-1">
                <p className="font-medium">{countOf(policyNames.length, "policy", "policies")}</p>
                <NameList names={policyNames} empty="No policies apply to you yet." />
              </div>
              <div className="grid gap-1">
                <p className="font-medium">{countOf(objectiveNames.length, "objective", "objectives")}</p>
                <NameList names={objectiveNames} empty="No objectives apply to you yet." />
              </div>
            </div>
          )}
          <p className="text-muted-foreground">
            Your team&apos;s page shows them with their text; a prompt&apos;s playground shows them applied.
          </p>
          <LinkButton href={primaryHref}>See them on your team&apos;s page</LinkButton>
        </GuideCard>
      </li>
      <li>
        <GuideCard
          id="connect-ide"
          icon={Plug}
          title="Connect your IDE"
          description="Claude Code, VS Code, Cursor, Windsurf and other MCP clients list your prompts as tools and slash commands."
        >
          <p className="text-muted-foreground">
            Settings has a ready-to-paste configuration for each IDE. Sign in from the IDE, or create an API key with
            the scopes <strong className="text-foreground">read</strong> and{" "}
            <strong className="text-foreground">expand</strong>.
          </p>
          <div className="flex flex-wrap gap-2">
            <LinkButton href="/settings?tab=connected-apps">Open the MCP setup</LinkButton>
            <Button variant="ghost" size="sm" asChild>
              <Link href="/settings?tab=api-keys">
                <KeyRound aria-hidden />
                API keys
              </Link>
            </Button>
          </div>
        </GuideCard>
      </li>
    </ol>
  );
}
