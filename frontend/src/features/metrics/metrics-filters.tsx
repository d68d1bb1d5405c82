"use client";

import { X } from "lucide-react";
import * as React from "react";
import { TeamChoice } from "@/components/team-choice";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { UserPicker, userLabel } from "@/components/user-picker";
import { CHANNEL_LABELS, CHANNELS } from "@/lib/usage-format";
import { useProjectOptions, useUserName } from "./api";
import {
  fromLocalInput,
  isFiltered,
  type MetricsState,
  NO_FILTERS,
  RANGES,
  rangeProblem,
  resolveRange,
  STATUSES,
  toLocalInput,
  type UsageFilters,
} from "./filters";

// Not react-hook-form: a filter applied to the page's address, not a form that saves anything.
/** From and to of a custom range, in the user's time zone, applied together. */
function CustomRange({ state, onApply }: { state: MetricsState; onApply: (from: string, to: string) => void }) {
  const [from, setFrom] = React.useState(toLocalInput(state.from));
  const [to, setTo] = React.useState(toLocalInput(state.to));
  const [problem, setProblem] = React.useState<string | null>(rangeProblem(state));
  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    const next = { range: "custom" as const, from: fromLocalInput(from), to: fromLocalInput(to) };
    const found = rangeProblem(next);
    setProblem(found);
    if (!found) onApply(next.from, next.to);
  };
  return (
    <form noValidate onSubmit={onSubmit} className="col-span-2 flex flex-wrap items-start gap-3 lg:col-span-3">
      <Field label="From" error={problem ?? undefined} className="min-w-44 flex-1">
        {(aria) => (
          <Input {...aria} type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} />
        )}
      </Field>
      <Field label="To" className="min-w-44 flex-1">
        {(aria) => <Input {...aria} type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} />}
      </Field>
      <Button type="submit" variant="outline" className="sm:mt-6">
        Apply range
      </Button>
    </form>
  );
}

/** A preset range, or a custom one between two instants. */
function RangePicker({ state, onChange }: { state: MetricsState; onChange: (next: MetricsState) => void }) {
  return (
    <>
      <Field label="Time range">
        {(aria) => (
          <Select
            {...aria}
            value={state.range}
            onChange={(event) => {
              const range = RANGES.find((option) => option.value === event.target.value)?.value ?? "7d";
              if (range !== "custom") {
                onChange({ ...state, range, from: "", to: "" });
                return;
              }
              // A custom range starts as the window on screen, to the minute, ready to adjust.
              const now = new Date();
              now.setSeconds(0, 0);
              const current = resolveRange(state, now);
              onChange({ ...state, range, from: current?.from ?? "", to: current?.to ?? "" });
            }}
          >
            {RANGES.map((range) => (
              <option key={range.value} value={range.value}>
                {range.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {state.range === "custom" ? (
        <CustomRange
          key={`${state.from}/${state.to}`}
          state={state}
          onApply={(from, to) => onChange({ ...state, range: "custom", from, to })}
        />
      ) : null}
    </>
  );
}

// Not react-hook-form: a filter applied to the page's address, not a form that saves anything.
/** The prompt's exact name, applied on Enter or when the field is left; recent prompts are suggested. */
function PromptFilter({
  value,
  suggestions,
  onChange,
}: {
  value: string;
  suggestions: readonly string[];
  onChange: (prompt: string) => void;
}) {
  const [text, setText] = React.useState(value);
  React.useEffect(() => setText(value), [value]);
  const listId = React.useId();
  const commit = () => {
    if (text.trim() !== value) onChange(text.trim());
  };
  return (
    <form
      noValidate
      className="col-span-2 sm:col-span-1"
      onSubmit={(event) => {
        event.preventDefault();
        commit();
      }}
    >
      <Field label="Prompt" description="Its exact name; Enter applies.">
        {(aria) => (
          <Input
            {...aria}
            type="search"
            list={listId}
            value={text}
            placeholder="Any prompt"
            autoCapitalize="none"
            spellCheck={false}
            onChange={(event) => setText(event.target.value)}
            onBlur={commit}
          />
        )}
      </Field>
      <datalist id={listId}>
        {suggestions.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </form>
  );
}

/** Whose expansions: a chip with their name and a way to drop the filter, else a search. */
function UserFilter({ userId, onChange }: { userId: string; onChange: (id: string) => void }) {
  const user = useUserName(userId);
  if (userId) {
    return (
      <div className="col-span-2 grid content-start gap-1.5 sm:col-span-1">
        <span className="text-sm leading-none font-medium">User</span>
        <Badge variant="secondary" className="h-9 w-fit max-w-full gap-2 pr-1 text-sm">
          <span className="truncate">{user.data ? userLabel(user.data) : "One user"}</span>
          <Button size="icon" variant="ghost" className="size-6" aria-label="Any user" onClick={() => onChange("")}>
            <X aria-hidden />
          </Button>
        </Badge>
      </div>
    );
  }
  return (
    <div className="col-span-2 grid content-start gap-1.5 sm:col-span-1">
      <span className="text-sm leading-none font-medium">User</span>
      <UserPicker label="Filter by user" actionLabel="Show expansions of" onPick={(picked) => onChange(picked.id)} />
    </div>
  );
}

/**
 * The range and the filters, shared by the overview and the events list; every change goes to
 * the URL. The user filter is for those who see others' expansions (admins and team owners).
 */
export function MetricsFilters({
  state,
  onChange,
  showUserFilter,
  promptSuggestions = [],
}: {
  state: MetricsState;
  onChange: (next: MetricsState) => void;
  showUserFilter: boolean;
  promptSuggestions?: readonly string[];
}) {
  const projects = useProjectOptions();
  const set = (changes: Partial<UsageFilters>) => onChange({ ...state, filters: { ...state.filters, ...changes } });
  const { filters } = state;

  return (
    <search aria-label="Metrics filters" className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
      <RangePicker state={state} onChange={onChange} />
      <PromptFilter value={filters.prompt} suggestions={promptSuggestions} onChange={(prompt) => set({ prompt })} />
      {showUserFilter ? <UserFilter userId={filters.userId} onChange={(userId) => set({ userId })} /> : null}
      <TeamChoice
        legend="Team"
        description="With the teams below it."
        searchLabel="Find a team to filter by"
        emptyLabel="Any team"
        value={filters.teamId}
        onChange={(teamId) => set({ teamId })}
      />
      <Field label="Project">
        {(aria) => (
          <Select {...aria} value={filters.projectId} onChange={(event) => set({ projectId: event.target.value })}>
            <option value="">Any project</option>
            {(projects.data ?? []).map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
            {filters.projectId && !projects.data?.some((project) => project.id === filters.projectId) ? (
              <option value={filters.projectId}>A project you cannot see</option>
            ) : null}
          </Select>
        )}
      </Field>
      <Field label="Channel">
        {(aria) => (
          <Select
            {...aria}
            value={filters.channel}
            onChange={(event) => set({ channel: CHANNELS.find((channel) => channel === event.target.value) ?? "" })}
          >
            <option value="">Any channel</option>
            {CHANNELS.map((channel) => (
              <option key={channel} value={channel}>
                {CHANNEL_LABELS[channel]}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Status">
        {(aria) => (
          <Select
            {...aria}
            value={filters.status}
            onChange={(event) =>
              set({ status: STATUSES.find((status) => status.value === event.target.value)?.value ?? "" })
            }
          >
            <option value="">Any status</option>
            {STATUSES.map((status) => (
              <option key={status.value} value={status.value}>
                {status.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {isFiltered(filters) ? (
        <div className="flex items-end">
          <Button variant="ghost" onClick={() => onChange({ ...state, filters: NO_FILTERS, errorCode: "" })}>
            <X aria-hidden />
            Clear filters
          </Button>
        </div>
      ) : null}
    </search>
  );
}
