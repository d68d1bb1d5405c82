"use client";

import * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import { Pagination } from "@/components/pagination";
import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { MEMBERS_PAGE_SIZE, type Team, useMembers } from "./api";
import { InviteDialog } from "./invite-dialog";
import { userLabel } from "./user-label";

/** The team's own members (not those of teams below it), a page at a time. */
export function TeamMembers({ team, canInvite }: { team: Team; canInvite: boolean }) {
  const [page, setPage] = React.useState(1);
  const members = useMembers(team.id, page);

  return (
    <section aria-labelledby="team-members-heading" className="grid gap-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id="team-members-heading" className="text-sm font-semibold">
          Members{members.data ? ` (${members.data.total})` : ""}
        </h3>
        {canInvite ? <InviteDialog team={team} /> : null}
      </div>
      {members.isPending ? (
        <div className="grid gap-2" aria-busy>
          <span className="sr-only">Loading members…</span>
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : members.isError ? (
        <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.items.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nobody belongs to this team directly.</p>
      ) : (
        <>
          <ul className="grid gap-1">
            {members.data.items.map((user) => (
              <li key={user.id} className="flex items-center justify-between gap-2 text-sm">
                <span className="min-w-0">
                  <span className="block truncate">{userLabel(user)}</span>
                  <span className="block truncate text-xs text-muted-foreground">{user.email ?? user.username}</span>
                </span>
                {user.role === "admin" ? <Badge variant="outline">Admin</Badge> : null}
                {team.owner_id === user.id ? <Badge>Owner</Badge> : null}
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            pageSize={MEMBERS_PAGE_SIZE}
            total={members.data.total}
            onPageChange={setPage}
            noun="members"
          />
        </>
      )}
    </section>
  );
}
