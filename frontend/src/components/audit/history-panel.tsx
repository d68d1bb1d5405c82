"use client";

import { History } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { ApiError } from "@/lib/api/errors";
import { useAuditEvents } from "./api";
import { AuditEventList } from "./audit-event-list";
import { AuditEventsTable } from "./audit-events-table";

/**
 * Everything recorded about one item (a prompt, a team, a project, a workflow), newest first:
 * who changed what, when and through which door, with each change's before and after.
 */
export function HistoryPanel({
  targetType,
  targetId,
  layout = "table",
}: {
  targetType: string;
  targetId: string;
  /** `list` where a table's columns would not fit. */
  layout?: "table" | "list";
}) {
  const events = useAuditEvents({ target_type: targetType, target_id: targetId });
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  if (events.isError) {
    if (events.error instanceof ApiError && events.error.status === 403) {
      return (
        <EmptyState
          icon={History}
          title="You cannot see this history"
          description="It is shown to whoever may change this item, the owners of the teams above it, and admins."
        />
      );
    }
    return (
      <ErrorAlert error={events.error} title="The history could not be loaded" onRetry={() => void events.refetch()} />
    );
  }
  if (events.data && items.length === 0) {
    return (
      <EmptyState icon={History} title="No recorded changes yet" description="Changes appear here as they are made." />
    );
  }
  return (
    <div className="grid gap-3" aria-busy={events.isFetching}>
      {layout === "list" ? (
        <AuditEventList events={items} loadingRows={events.isPending ? 3 : 0} />
      ) : (
        <AuditEventsTable events={items} showTarget={false} loadingRows={events.isPending ? 3 : 0} />
      )}
      {events.hasNextPage ? (
        <Button
          variant="outline"
          className="justify-self-center"
          disabled={events.isFetchingNextPage}
          onClick={() => void events.fetchNextPage()}
        >
          {events.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </div>
  );
}
