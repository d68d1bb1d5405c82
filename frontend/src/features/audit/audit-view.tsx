"use client";

import { Download, ScrollText, X } from "lucide-react";
import * as React from "react";
import { auditExportHref, useAuditEvents } from "@/components/audit/api";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { EmptyState, NoMatches } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { UserPicker, userLabel, useUserDirectory } from "@/components/user-picker";
import { useIsGovernor } from "@/lib/audit-access";
import { useCurrentUser } from "@/lib/session";
import { useUrlParams } from "@/lib/use-url-params";
import { AUDIT_ACTIONS, TARGET_TYPES } from "./actions";
import {
  AUDIT_PARAMS,
  type AuditFilters,
  auditParams,
  auditQuery,
  RANGES,
  rangeProblem,
  readAuditFilters,
} from "./filters";

/** The action choices: every action of the chosen target type (or of all), and "all of a type" entries. */
function ActionOptions({ targetType }: { targetType: string }) {
  const types = targetType ? [targetType] : Object.keys(AUDIT_ACTIONS);
  return (
    <>
      {types.map((type) => (
        <optgroup key={type} label={type.replaceAll("_", " ")}>
          <option value={`${type}.*`}>Any {type.replaceAll("_", " ")} action</option>
          {(AUDIT_ACTIONS[type] ?? []).map((verb) => (
            <option key={verb} value={`${type}.${verb}`}>
              {type}.{verb}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

/** Who the log is filtered to: a chip with their name and a way to drop the filter, else a search. */
function ActorFilter({ actor, onChange }: { actor: string; onChange: (id: string) => void }) {
  const directory = useUserDirectory();
  if (actor) {
    const person = directory.data?.get(actor);
    return (
      <div className="grid gap-1.5">
        <span className="text-sm leading-none font-medium">Actor</span>
        <Badge variant="secondary" className="h-9 w-fit gap-2 pr-1 text-sm">
          {person ? userLabel(person) : "One user"}
          <Button size="icon" variant="ghost" className="size-6" aria-label="Any actor" onClick={() => onChange("")}>
            <X aria-hidden />
          </Button>
        </Badge>
      </div>
    );
  }
  return (
    <div className="grid gap-1.5">
      <span className="text-sm font-medium">Actor</span>
      <UserPicker label="Filter by actor" actionLabel="Show actions of" onPick={(user) => onChange(user.id)} />
    </div>
  );
}

/**
 * The audit log: every recorded change, newest first, filtered by who, what and when (kept in
 * the URL), a page at a time, and exported as JSON Lines with the same filters. Admins see
 * everything, team owners their teams' subtree, anyone else their own actions.
 */
export function AuditView() {
  const user = useCurrentUser();
  const governor = useIsGovernor(user);
  const [params, setParams] = useUrlParams(AUDIT_PARAMS);
  const filters = readAuditFilters(params);
  // Anyone else may read their own actions only: the filter is set for them.
  const effective: AuditFilters = governor ? filters : { ...filters, actor: user.id };
  // "Last 7 days" counts back from when the filters were chosen, so the query stays the same while they do.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new time only when the filters change
  const query = React.useMemo(() => auditQuery(effective, new Date()), [JSON.stringify(effective)]);
  const events = useAuditEvents(query);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  const set = (changes: Partial<AuditFilters>) => setParams(auditParams({ ...filters, ...changes }));
  const filtered = Boolean(filters.actor || filters.targetType || filters.action || filters.range);
  const problem = rangeProblem(filters);

  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          governor
            ? user.role === "admin"
              ? "Every change in the organization: who made it, when, through which door, and what it changed."
              : "Changes in the teams you own and the teams below them, and your own."
            : "Your own actions. Admins and team owners see everyone's in their teams."
        }
        actions={
          <Button variant="outline" asChild>
            <a href={auditExportHref(query)} download="audit.jsonl">
              <Download aria-hidden />
              Export JSON Lines
            </a>
          </Button>
        }
      />
      <search className="mb-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4" aria-label="Audit filters">
        {governor ? <ActorFilter actor={filters.actor} onChange={(actor) => set({ actor })} /> : null}
        <Field label="Target type">
          {(aria) => (
            <Select
              {...aria}
              value={filters.targetType}
              onChange={(event) => {
                const targetType = event.target.value;
                // An action of another type would match nothing.
                const keep = filters.action.startsWith(`${targetType}.`);
                set({ targetType, action: keep ? filters.action : "" });
              }}
            >
              <option value="">Any target</option>
              {TARGET_TYPES.map((type) => (
                <option key={type.value} value={type.value}>
                  {type.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Action">
          {(aria) => (
            <Select {...aria} value={filters.action} onChange={(event) => set({ action: event.target.value })}>
              <option value="">Any action</option>
              <ActionOptions targetType={filters.targetType} />
            </Select>
          )}
        </Field>
        <Field label="Time">
          {(aria) => (
            <Select
              {...aria}
              value={filters.range}
              onChange={(event) =>
                set({ range: RANGES.find((range) => range.value === event.target.value)?.value ?? "" })
              }
            >
              {RANGES.map((range) => (
                <option key={range.value} value={range.value}>
                  {range.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {filters.range === "custom" ? (
          <div className="grid grid-cols-2 gap-3 sm:col-span-2">
            <Field label="From" error={problem ?? undefined}>
              {(aria) => (
                <Input
                  {...aria}
                  type="date"
                  value={filters.from}
                  onChange={(event) => set({ from: event.target.value })}
                />
              )}
            </Field>
            <Field label="To (included)">
              {(aria) => (
                <Input {...aria} type="date" value={filters.to} onChange={(event) => set({ to: event.target.value })} />
              )}
            </Field>
          </div>
        ) : null}
      </search>

      {events.isError ? (
        <ErrorAlert
          error={events.error}
          title="The audit log could not be loaded"
          onRetry={() => void events.refetch()}
        />
      ) : events.data && items.length === 0 ? (
        filtered ? (
          <NoMatches
            noun="events"
            hint="Nothing recorded matches these filters."
            onClear={() => set({ actor: "", targetType: "", action: "", range: "", from: "", to: "" })}
          />
        ) : (
          <EmptyState
            icon={ScrollText}
            title="Nothing recorded yet"
            description="Changes appear here as they are made."
          />
        )
      ) : (
        <Card className="grid gap-2 p-2" aria-busy={events.isFetching}>
          <AuditEventsTable events={items} loadingRows={events.isPending ? 5 : 0} />
          <div className="flex flex-wrap items-center justify-between gap-3 px-3 pb-2 text-sm text-muted-foreground">
            <span>
              {items.length} {items.length === 1 ? "event" : "events"}
              {events.hasNextPage ? " so far" : ""}
            </span>
            {events.hasNextPage ? (
              <Button
                variant="outline"
                disabled={events.isFetchingNextPage}
                onClick={() => void events.fetchNextPage()}
              >
                {events.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            ) : null}
          </div>
        </Card>
      )}
    </>
  );
}
