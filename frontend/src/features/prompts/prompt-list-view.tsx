"use client";

import { FilePlus2, FileText } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { EmptyState, NoMatches } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { type Column, ResourceTable } from "@/components/resource-table";
import { DebouncedSearchField, useDebouncedInput } from "@/components/search-field";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { isVisibility, VisibilityBadge, VisibilityOptions } from "@/components/visibility";
import { sortLabels } from "@/lib/labels";
import { useUrlParams } from "@/lib/use-url-params";
import { type PromptListQuery, type PromptSummary, usePromptList } from "./api";
import { LabelBadge } from "./label-badge";

const PAGE_SIZE = 20;
const PARAMS = ["q", "tag", "label", "visibility", "deprecated", "page"] as const;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function ownerName(prompt: PromptSummary): string {
  return prompt.owner ? prompt.owner.display_name || prompt.owner.username : "—";
}

/** The list's columns; a tag is a button that filters the list by that tag. */
const promptColumns = (filterByTag: (tag: string) => void): Column<PromptSummary>[] => [
  {
    header: "Name",
    className: "max-w-md",
    cell: (prompt) => (
      <>
        <div className="flex flex-wrap items-center gap-2">
          <Link
            href={`/prompts/${encodeURIComponent(prompt.name)}`}
            className="font-medium text-primary hover:underline"
          >
            {prompt.name}
          </Link>
          {prompt.is_deprecated ? <Badge variant="warning">Deprecated</Badge> : null}
        </div>
        {prompt.description ? (
          <p className="mt-0.5 line-clamp-2 text-xs text-muted-foreground">{prompt.description}</p>
        ) : null}
      </>
    ),
  },
  {
    header: "Served version",
    cell: ({ active_version: served }) => (served ? <span className="font-mono text-xs">{served.version}</span> : "—"),
  },
  {
    header: "Labels",
    cell: ({ labels }) => (
      <div className="flex max-w-64 flex-wrap gap-1">
        {sortLabels(Object.keys(labels)).map((label) => (
          <LabelBadge key={label} label={label} version={labels[label]} />
        ))}
      </div>
    ),
  },
  {
    header: "Tags",
    cell: (prompt) => (
      <div className="flex max-w-56 flex-wrap gap-1">
        {prompt.active_version?.tags.map((tag) => (
          <button
            key={tag}
            type="button"
            onClick={() => filterByTag(tag)}
            aria-label={`Show prompts tagged ${tag}`}
            className="rounded-md focus-visible:outline-2 focus-visible:outline-ring"
          >
            <Badge variant="secondary" className="cursor-pointer hover:bg-secondary/70">
              {tag}
            </Badge>
          </button>
        ))}
      </div>
    ),
  },
  { header: "Visibility", cell: (prompt) => <VisibilityBadge visibility={prompt.visibility} /> },
  { header: "Owner", className: "text-muted-foreground", cell: ownerName },
  {
    header: "Updated",
    className: "whitespace-nowrap text-muted-foreground",
    cell: (prompt) => dateFormat.format(new Date(prompt.updated_at)),
  },
];

/** All prompts the user can see, searchable and filterable, a page at a time. */
export function PromptListView() {
  const [params, setParams] = useUrlParams(PARAMS);
  const page = Math.max(1, Number.parseInt(params.page, 10) || 1);
  const query: PromptListQuery = {
    page,
    page_size: PAGE_SIZE,
    q: params.q || undefined,
    tag: params.tag || undefined,
    label: params.label || undefined,
    visibility: isVisibility(params.visibility) ? params.visibility : undefined,
    include_deprecated: params.deprecated === "1" ? "true" : undefined,
  };
  const prompts = usePromptList(query);
  const filtered = Boolean(params.q || params.tag || params.label || params.visibility);
  // Any filter change starts again at page 1.
  const setFilter = React.useCallback(
    (changes: Partial<Record<(typeof PARAMS)[number], string>>) => setParams({ ...changes, page: null }),
    [setParams],
  );
  const setSearch = React.useCallback((q: string) => setFilter({ q }), [setFilter]);
  const setTag = React.useCallback((tag: string) => setFilter({ tag: tag.trim() }), [setFilter]);
  // The tag box filters as you type, like the search box.
  const tagInput = useDebouncedInput(params.tag, setTag);
  const columns = React.useMemo(() => promptColumns(setTag), [setTag]);

  return (
    <>
      <PageHeader
        title="Prompts"
        description="Versioned templates served to IDEs over MCP and REST."
        actions={
          <Button asChild>
            <Link href="/prompts/new">
              <FilePlus2 aria-hidden />
              New prompt
            </Link>
          </Button>
        }
      />
      <search className="mb-4 flex flex-wrap items-center gap-3">
        <DebouncedSearchField
          aria-label="Search prompts"
          placeholder="Search name, description or tag"
          value={params.q}
          onSearch={setSearch}
        />
        <Input type="search" aria-label="Filter by tag" placeholder="Tag" className="w-36" {...tagInput} />
        <Input
          aria-label="Filter by label"
          placeholder="Label, e.g. production"
          className="w-44"
          defaultValue={params.label}
          key={`label-${params.label}`}
          autoCapitalize="none"
          spellCheck={false}
          onKeyDown={(event) => {
            if (event.key === "Enter") setFilter({ label: event.currentTarget.value.trim().toLowerCase() });
          }}
          onBlur={(event) => setFilter({ label: event.currentTarget.value.trim().toLowerCase() })}
        />
        <div className="w-44">
          <Select
            aria-label="Filter by visibility"
            value={params.visibility}
            onChange={(event) => setFilter({ visibility: event.target.value })}
          >
            <option value="">Any visibility</option>
            <VisibilityOptions />
          </Select>
        </div>
        <div className="flex items-center gap-2">
          <Checkbox
            id="show-deprecated"
            checked={params.deprecated === "1"}
            onChange={(event) => setFilter({ deprecated: event.target.checked ? "1" : "" })}
          />
          <Label htmlFor="show-deprecated" className="font-normal">
            Show deprecated
          </Label>
        </div>
      </search>

      {prompts.isError ? (
        <ErrorAlert error={prompts.error} title="Prompts could not be loaded" onRetry={() => void prompts.refetch()} />
      ) : prompts.data && prompts.data.total === 0 ? (
        filtered ? (
          <NoMatches
            noun="prompts"
            hint="Try a different search, or clear the filters."
            onClear={() => setParams({ q: null, tag: null, label: null, visibility: null, page: null })}
          />
        ) : (
          <EmptyState
            icon={FileText}
            title="No prompts yet"
            description="Write the first one: a template, the input it takes, and who may use it."
            action={
              <Button asChild>
                <Link href="/prompts/new">New prompt</Link>
              </Button>
            }
          />
        )
      ) : (
        <ResourceTable
          columns={columns}
          items={prompts.data?.items}
          itemKey={(prompt) => prompt.id}
          busy={prompts.isFetching}
          loadingRows={5}
          footer={
            prompts.data ? (
              <div className="px-3 pb-2">
                <Pagination
                  page={page}
                  pageSize={PAGE_SIZE}
                  total={prompts.data.total}
                  noun="prompts"
                  onPageChange={(next) => setParams({ page: next === 1 ? null : next })}
                />
              </div>
            ) : null
          }
        />
      )}
    </>
  );
}
