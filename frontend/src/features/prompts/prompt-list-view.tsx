"use client";

import { FilePlus2, FileText, Pin, Search } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { isVisibility, VisibilityBadge, VisibilityOptions } from "@/components/visibility";
import { useUrlParams } from "@/lib/use-url-params";
import { type PromptListQuery, type PromptSummary, usePromptList } from "./api";

const PAGE_SIZE = 20;
const PARAMS = ["q", "tag", "visibility", "deprecated", "page"] as const;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** The search box updates the URL a moment after typing stops, not on every key. */
function SearchBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = React.useState(value);
  React.useEffect(() => setText(value), [value]);
  React.useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onChange(text), 300);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <div className="relative min-w-48 flex-1">
      <Search
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
        aria-hidden
      />
      <Input
        type="search"
        aria-label="Search prompts"
        placeholder="Search name, description or tag"
        className="pl-8"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
    </div>
  );
}

function PromptRow({ prompt }: { prompt: PromptSummary }) {
  const served = prompt.active_version;
  const owner = prompt.owner ? prompt.owner.display_name || prompt.owner.username : "—";
  return (
    <TableRow>
      <TableCell className="max-w-md">
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
      </TableCell>
      <TableCell>
        {served ? (
          <span className="inline-flex items-center gap-1.5 font-mono text-xs">
            {served.version}
            {prompt.is_pinned ? (
              <Badge variant="outline" title="Pinned: served instead of the latest version">
                <Pin className="size-3" aria-hidden />
                pinned
              </Badge>
            ) : null}
          </span>
        ) : (
          "—"
        )}
      </TableCell>
      <TableCell>
        <div className="flex max-w-56 flex-wrap gap-1">
          {served?.tags.map((tag) => (
            <Badge key={tag} variant="secondary">
              {tag}
            </Badge>
          ))}
        </div>
      </TableCell>
      <TableCell>
        <VisibilityBadge visibility={prompt.visibility} />
      </TableCell>
      <TableCell className="text-muted-foreground">{owner}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">
        {dateFormat.format(new Date(prompt.updated_at))}
      </TableCell>
    </TableRow>
  );
}

function LoadingRows() {
  return Array.from({ length: 5 }, (_, index) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
    <TableRow key={index}>
      {Array.from({ length: 6 }, (_, cell) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
        <TableCell key={cell}>
          <Skeleton className="h-4 w-full max-w-32" />
        </TableCell>
      ))}
    </TableRow>
  ));
}

/** All prompts the user can see, searchable and filterable, a page at a time. */
export function PromptListView() {
  const [params, setParams] = useUrlParams(PARAMS);
  const page = Math.max(1, Number.parseInt(params.page, 10) || 1);
  const query: PromptListQuery = {
    page,
    page_size: PAGE_SIZE,
    q: params.q || undefined,
    tag: params.tag || undefined,
    visibility: isVisibility(params.visibility) ? params.visibility : undefined,
    include_deprecated: params.deprecated === "1" ? "true" : undefined,
  };
  const prompts = usePromptList(query);
  const filtered = Boolean(params.q || params.tag || params.visibility);
  // Any filter change starts again at page 1.
  const setFilter = React.useCallback(
    (changes: Partial<Record<(typeof PARAMS)[number], string>>) => setParams({ ...changes, page: null }),
    [setParams],
  );
  const setSearch = React.useCallback((q: string) => setFilter({ q }), [setFilter]);

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
        <SearchBox value={params.q} onChange={setSearch} />
        <Input
          aria-label="Filter by tag"
          placeholder="Tag"
          className="w-36"
          defaultValue={params.tag}
          key={params.tag}
          onKeyDown={(event) => {
            if (event.key === "Enter") setFilter({ tag: event.currentTarget.value.trim() });
          }}
          onBlur={(event) => setFilter({ tag: event.currentTarget.value.trim() })}
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
          <EmptyState
            icon={Search}
            title="No prompts match"
            description="Try a different search, or clear the filters."
            action={
              <Button variant="outline" onClick={() => setParams({ q: null, tag: null, visibility: null, page: null })}>
                Clear filters
              </Button>
            }
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
        <Card className="p-2" aria-busy={prompts.isFetching}>
          <Table>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Served version</TableHead>
                <TableHead>Tags</TableHead>
                <TableHead>Visibility</TableHead>
                <TableHead>Owner</TableHead>
                <TableHead>Updated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {prompts.data ? (
                prompts.data.items.map((prompt) => <PromptRow key={prompt.id} prompt={prompt} />)
              ) : (
                <LoadingRows />
              )}
            </TableBody>
          </Table>
          {prompts.data ? (
            <div className="px-3 pb-2">
              <Pagination
                page={page}
                pageSize={PAGE_SIZE}
                total={prompts.data.total}
                noun="prompts"
                onPageChange={(next) => setParams({ page: next === 1 ? null : next })}
              />
            </div>
          ) : null}
        </Card>
      )}
    </>
  );
}
