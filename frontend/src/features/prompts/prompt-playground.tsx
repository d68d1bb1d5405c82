"use client";

import { CheckSquare, Play, X } from "lucide-react";
import dynamic from "next/dynamic";
import * as React from "react";
import { CopyButton } from "@/components/copy-button";
import { ErrorAlert } from "@/components/error-alert";
import { SchemaFormFields } from "@/components/schema-form-fields";
import { TeamChoice } from "@/components/team-choice";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { UserSummary } from "@/components/user-picker";
import { ApiError } from "@/lib/api/errors";
import { useTeamsById } from "@/lib/api/teams";
import { useIsGovernor } from "@/lib/audit-access";
import { type FormValue, initialValues, schemaToFields, valuesToInput } from "@/lib/json-schema-form";
import { useCurrentUser } from "@/lib/session";
import { type ExpandRequest, type Expansion, type PromptVersion, useExpand, useProjectOptions } from "./api";
import { type GovernanceScope, GovernanceSources } from "./governance-sources";
import { managedProjects } from "./preview-targets";

/** Searching users is only needed once someone chooses to preview as a user. */
const UserPicker = dynamic(() => import("@/components/user-picker").then((module) => module.UserPicker), {
  loading: () => <div aria-hidden className="h-9 animate-pulse rounded-md border bg-muted/40" />,
});

const nameOf = (user: UserSummary) => user.display_name || user.username;

function MessageBlock({ title, text }: { title: string; text: string }) {
  return (
    <section aria-label={title} className="grid gap-1.5">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">{title}</h3>
        <CopyButton text={text} label={`Copy ${title.toLowerCase()}`} />
      </div>
      <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words rounded-md border bg-muted/50 p-3 font-mono text-xs">
        {text}
      </pre>
    </section>
  );
}

function ListBlock({ title, items, empty }: { title: string; items: string[]; empty: string }) {
  return (
    <section aria-label={title} className="grid gap-1.5">
      <h3 className="text-sm font-semibold">{title}</h3>
      {items.length > 0 ? (
        <ul className="flex min-w-0 flex-wrap gap-1.5">
          {items.map((item) => (
            <li key={item}>
              <Badge variant="secondary" className="whitespace-normal">
                {item}
              </Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted-foreground">{empty}</p>
      )}
    </section>
  );
}

function ExpansionResult({
  result,
  audience,
  sources,
}: {
  result: Expansion;
  audience: string;
  sources: GovernanceScope | null;
}) {
  return (
    <div className="grid gap-4">
      <p className="text-sm text-muted-foreground">
        Rendered from version <span className="font-mono text-foreground">{result.prompt_version}</span>, {audience}
      </p>
      {result.system_message ? <MessageBlock title="System message" text={result.system_message} /> : null}
      <MessageBlock title="User message" text={result.user_message} />
      <div className="grid gap-4 sm:grid-cols-2">
        <ListBlock title="Applied policies" items={result.applied_policies} empty="No policies applied." />
        <ListBlock title="Objectives" items={result.objectives} empty="No objectives." />
      </div>
      {sources ? <GovernanceSources scope={sources} /> : null}
      <section aria-label="Validations" className="grid gap-1.5">
        <h3 className="text-sm font-semibold">Validations</h3>
        {result.validations.length > 0 ? (
          <ul className="grid gap-2">
            {result.validations.map((validation) => (
              <li key={validation.name} className="flex gap-2 text-sm">
                <CheckSquare className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
                <span>
                  <span className="font-medium">{validation.name}</span>
                  <span className="text-muted-foreground"> — {validation.content}</span>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted-foreground">No checks to run on the answer.</p>
        )}
      </section>
    </div>
  );
}

type Audience = "me" | "user" | "team" | "project";

/**
 * Who the playground expands as: the signed-in user, or, for those who govern others, a user, a
 * team or a project's team. Offers only what the user may preview; the backend decides.
 */
function usePreviewTargets() {
  const user = useCurrentUser();
  // Admins and team owners preview as users and teams; which teams, the team search offers.
  const governor = useIsGovernor(user);
  const projects = useProjectOptions();
  // Of the projects' teams, those the user manages: their projects may be previewed too.
  const managed = useTeamsById(projects.data?.map((project) => project.team_id) ?? [], {
    managed: true,
    enabled: user.role !== "admin",
  });
  return React.useMemo(
    () => ({
      projects: managedProjects(projects.data ?? [], user, new Set(managed.byId.keys())),
      allProjects: projects.data ?? [],
      mayPreviewOthers: governor,
    }),
    [projects.data, managed.byId, user, governor],
  );
}

/** What the playground needs of a version: the one a prompt serves has no labels or note. */
type ServedVersion = Pick<PromptVersion, "id" | "version" | "input_schema">;

// Not react-hook-form: its fields are generated from whichever version's input schema is chosen, not a fixed set.
/**
 * Expands a version of the prompt with input from a form generated from its input schema, and
 * shows beside it exactly what an IDE would receive: under the user's own governance (recorded
 * as usage), or previewed as someone they govern (not recorded).
 */
export function PromptPlayground({
  name,
  versions,
  served,
}: {
  name: string;
  /** Newest first; the served version is always offered, even before the list has loaded. */
  versions: ServedVersion[] | undefined;
  served: ServedVersion;
}) {
  const [versionId, setVersionId] = React.useState(served.id);
  const version = versions?.find((candidate) => candidate.id === versionId) ?? served;
  const fields = React.useMemo(() => schemaToFields(version.input_schema), [version.input_schema]);
  const [values, setValues] = React.useState(() => initialValues(version.input_schema, fields));
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [audience, setAudience] = React.useState<Audience>("me");
  const [asUser, setAsUser] = React.useState<UserSummary | null>(null);
  const [asTeam, setAsTeam] = React.useState<{ id: string; name: string } | null>(null);
  const teamId = asTeam?.id ?? "";
  const [projectId, setProjectId] = React.useState("");
  const me = useCurrentUser();
  const targets = usePreviewTargets();
  const expand = useExpand(name);
  const result = React.useRef<HTMLDivElement>(null);

  // Another version has its own schema: its form starts over.
  React.useEffect(() => {
    setValues(initialValues(version.input_schema, fields));
    setErrors({});
  }, [version.input_schema, fields]);

  // The result may be below the form (narrow screens) or far down: bring it into view.
  React.useEffect(() => {
    if (expand.data || expand.error) result.current?.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }, [expand.data, expand.error]);

  const onChange = (field: string, value: FormValue) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors(({ [field]: _, ...rest }) => rest);
  };

  const request = (input: Record<string, unknown>): ExpandRequest | null => {
    const base = {
      input,
      project_id: projectId || null,
      version: version.id === served.id ? undefined : version.version,
    };
    switch (audience) {
      case "me":
        return base;
      case "user":
        return asUser ? { ...base, as_user_id: asUser.id } : null;
      case "team":
        return teamId ? { ...base, as_team_id: teamId } : null;
      case "project":
        return projectId ? { ...base, as_project: true } : null;
    }
  };

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const converted = valuesToInput(fields, values);
    if (!converted.ok) {
      setErrors(converted.errors);
      return;
    }
    setErrors({});
    const body = request(converted.input);
    if (!body) return;
    expand.mutate(body, {
      onError: (error) => {
        // Input problems come back as `input.<field>`: show them next to the field.
        if (!(error instanceof ApiError)) return;
        const byField: Record<string, string> = {};
        for (const [path, message] of Object.entries(error.fields)) {
          const field = /^input\.([^.[]+)/.exec(path)?.[1];
          if (field && fields.some((f) => f.name === field)) byField[field] = message;
        }
        setErrors(byField);
      },
    });
  };

  // The sources shown beside a result: the same user or team the expansion resolved for.
  const sourcesScope: GovernanceScope | null =
    audience === "me"
      ? { user_id: me.id, ...(projectId ? { project_id: projectId } : {}) }
      : audience === "user" && asUser
        ? { user_id: asUser.id, ...(projectId ? { project_id: projectId } : {}) }
        : audience === "team" && teamId
          ? { team_id: teamId }
          : null;
  const projectChoices = audience === "me" ? targets.allProjects : targets.projects;
  const mayPreview = targets.mayPreviewOthers || targets.projects.length > 0;
  const ready = audience === "me" || (audience === "user" ? asUser : audience === "team" ? teamId : projectId);
  const audienceLabel =
    audience === "user" && asUser
      ? `previewed as ${nameOf(asUser)} (not recorded)`
      : audience === "team"
        ? `previewed as a member of ${asTeam?.name ?? "the team"} (not recorded)`
        : audience === "project"
          ? "previewed as a member of the project's team (not recorded)"
          : "as you (recorded in the usage figures)";

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form noValidate onSubmit={onSubmit} className="grid content-start gap-4" aria-label="Playground input">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Version">
            {(control) => (
              <Select {...control} value={version.id} onChange={(event) => setVersionId(event.target.value)}>
                {(versions ?? [served]).map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.version}
                    {candidate.id === served.id ? " (served)" : ""}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          {mayPreview ? (
            <Field label="Expand as" description="Previews show what someone you govern receives.">
              {(control) => (
                <Select
                  {...control}
                  value={audience}
                  onChange={(event) => {
                    setAudience(event.target.value as Audience);
                    setProjectId("");
                    expand.reset();
                  }}
                >
                  <option value="me">Me</option>
                  {targets.mayPreviewOthers ? <option value="user">A user…</option> : null}
                  {targets.mayPreviewOthers ? <option value="team">A team…</option> : null}
                  {targets.projects.length > 0 ? <option value="project">A project…</option> : null}
                </Select>
              )}
            </Field>
          ) : null}
        </div>
        {audience === "user" ? (
          asUser ? (
            <p className="flex items-center gap-2 text-sm">
              Previewing as <span className="font-medium">{nameOf(asUser)}</span>
              <span className="text-muted-foreground">@{asUser.username}</span>
              <Button type="button" size="sm" variant="ghost" onClick={() => setAsUser(null)}>
                <X aria-hidden />
                Change
              </Button>
            </p>
          ) : (
            <UserPicker label="Find a user to preview as" actionLabel="Preview as" onPick={setAsUser} />
          )
        ) : null}
        {audience === "team" ? (
          <TeamChoice
            legend="Team"
            searchLabel="Find a team to preview as"
            managed
            value={teamId}
            onChange={(_, team) => setAsTeam(team)}
          />
        ) : null}
        {fields.length > 0 ? (
          <SchemaFormFields
            fields={fields}
            values={values}
            errors={errors}
            onChange={onChange}
            disabled={expand.isPending}
          />
        ) : (
          <p className="text-sm text-muted-foreground">This version takes no input.</p>
        )}
        {projectChoices.length > 0 ? (
          <Field
            label="Project"
            required={audience === "project"}
            description={
              audience === "project"
                ? "Preview as a member of this project's team, with the project's policies and objectives."
                : "Also apply this project's policies and objectives."
            }
          >
            {(control) => (
              <Select {...control} value={projectId} onChange={(event) => setProjectId(event.target.value)}>
                <option value="">{audience === "project" ? "Choose a project…" : "No project"}</option>
                {projectChoices.map((project) => (
                  <option key={project.id} value={project.id}>
                    {project.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        ) : null}
        <div>
          <Button type="submit" disabled={expand.isPending || !ready}>
            <Play aria-hidden />
            {expand.isPending ? "Expanding…" : audience === "me" ? "Expand" : "Preview"}
          </Button>
        </div>
      </form>
      <section ref={result} aria-live="polite" aria-label="Result" className="grid content-start gap-4">
        {expand.error ? <ErrorAlert error={expand.error} title="Expansion failed" /> : null}
        {expand.data ? (
          <ExpansionResult result={expand.data} audience={audienceLabel} sources={sourcesScope} />
        ) : expand.error ? null : (
          <p className="rounded-md border border-dashed p-6 text-sm text-muted-foreground">
            Expand to see the messages an IDE receives, with the policies and objectives that apply.
          </p>
        )}
      </section>
    </div>
  );
}
