"use client";

import { GitPullRequestArrow, Inbox } from "lucide-react";
import Link from "next/link";
import { EmptyState, NoMatches } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { PageHeader } from "@/components/page-header";
import { Pagination } from "@/components/pagination";
import { type Column, ResourceTable } from "@/components/resource-table";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/select";
import { SimpleTabs } from "@/components/ui/simple-tabs";
import { useUrlParams } from "@/lib/use-url-params";
import { type ChangeRequest, useChangeRequests } from "./api";
import {
  REVIEW_PARAMS,
  REVIEW_TABS,
  type ReviewTab,
  readReviewFilters,
  reviewParams,
  reviewQuery,
  STATES,
} from "./filters";
import { personName, StateBadge } from "./state-badge";

const PAGE_SIZE = 20;
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** What the request changes, in one cell: the prompt and label, or the team, and the versions. */
function Subject({ request }: { request: ChangeRequest }) {
  if (request.kind === "label") {
    return (
      <span className="text-xs text-muted-foreground">
        <span className="font-mono">{request.prompt?.name ?? "a deleted prompt"}</span> ·{" "}
        <span className="font-mono">{request.label}</span>:{" "}
        {/* From where it pointed when proposed: once decided, what is served says nothing about the request. */}
        {request.version ? `${request.base_version ?? "not set"} → ${request.version}` : "clear the label"}
      </span>
    );
  }
  return (
    <span className="text-xs text-muted-foreground">Governance · {request.team?.name ?? "organization-wide"}</span>
  );
}

const columns: Column<ChangeRequest>[] = [
  {
    header: "Change",
    className: "max-w-md",
    cell: (request) => (
      <div className="grid gap-0.5">
        <Link href={`/reviews/${encodeURIComponent(request.id)}`} className="font-medium text-primary hover:underline">
          {request.title}
        </Link>
        <Subject request={request} />
      </div>
    ),
  },
  { header: "State", cell: (request) => <StateBadge state={request.state} /> },
  { header: "Author", className: "text-muted-foreground", cell: (request) => personName(request.author) },
  {
    header: "Comments",
    className: "text-muted-foreground tabular-nums",
    cell: (request) => request.comment_count || "—",
  },
  {
    header: "Updated",
    className: "whitespace-nowrap text-muted-foreground",
    cell: (request) => dateTime.format(new Date(request.updated_at)),
  },
];

const EMPTY: Record<ReviewTab, { title: string; description: string }> = {
  "to-review": {
    title: "Nothing waits for your review",
    description:
      "Change requests you may approve appear here: moves of protected labels on prompts of teams you own, and governance changes below them.",
  },
  mine: {
    title: "You have not proposed any change",
    description: "Moving a protected label on one of your prompts opens a change request, listed here.",
  },
  all: {
    title: "No change requests yet",
    description: "They appear when someone moves a protected label, or changes governance that is under review.",
  },
};

/** The review inbox: what waits for me, what I proposed, and everything I may see. */
export function ReviewListView() {
  const [params, setParams] = useUrlParams(REVIEW_PARAMS);
  const filters = readReviewFilters(params);
  const requests = useChangeRequests(reviewQuery(filters, PAGE_SIZE));
  const set = (changes: Partial<typeof filters>) => setParams(reviewParams({ ...filters, page: 1, ...changes }));
  const empty = EMPTY[filters.tab];

  return (
    <>
      <PageHeader
        title="Reviews"
        description="Changes to protected labels (and governance under review) wait here until someone approves them."
      />
      <SimpleTabs
        label="Which change requests"
        value={filters.tab}
        onValueChange={(tab) => set({ tab: tab as ReviewTab, state: null })}
        header={
          filters.tab === "to-review" ? null : (
            <div className="w-44">
              <Select
                aria-label="Filter by state"
                value={filters.state ?? ""}
                onChange={(event) =>
                  set({ state: STATES.find((state) => state.value === event.target.value)?.value ?? null })
                }
              >
                <option value="">Any state</option>
                {STATES.map((state) => (
                  <option key={state.value} value={state.value}>
                    {state.label}
                  </option>
                ))}
              </Select>
            </div>
          )
        }
        tabs={REVIEW_TABS.map((tab) => ({
          value: tab.value,
          label: (
            <>
              {tab.value === "to-review" ? <Inbox aria-hidden /> : null}
              {tab.label}
              {tab.value === "to-review" && filters.tab === "to-review" && requests.data ? (
                <Badge variant="secondary" className="ml-1 tabular-nums">
                  {requests.data.total}
                </Badge>
              ) : null}
            </>
          ),
          content: (
            <>
              {requests.isError ? (
                <ErrorAlert
                  error={requests.error}
                  title="Change requests could not be loaded"
                  onRetry={() => void requests.refetch()}
                />
              ) : requests.data && requests.data.total === 0 ? (
                filters.state ? (
                  <NoMatches
                    noun="change requests"
                    hint="None is in that state."
                    clearLabel="Any state"
                    onClear={() => set({ state: null })}
                  />
                ) : (
                  <EmptyState icon={GitPullRequestArrow} title={empty.title} description={empty.description} />
                )
              ) : (
                <ResourceTable
                  columns={columns}
                  items={requests.data?.items}
                  itemKey={(request) => request.id}
                  busy={requests.isFetching}
                  loadingRows={4}
                  footer={
                    requests.data ? (
                      <div className="px-3 pb-2">
                        <Pagination
                          page={filters.page}
                          pageSize={PAGE_SIZE}
                          total={requests.data.total}
                          noun="change requests"
                          onPageChange={(page) => set({ page })}
                        />
                      </div>
                    ) : null
                  }
                />
              )}
            </>
          ),
        }))}
      />
    </>
  );
}
