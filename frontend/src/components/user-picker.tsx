"use client";

import { useQuery } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import * as React from "react";
import { SearchField } from "@/components/search-field";
import { Button } from "@/components/ui/button";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import type { ResponseBody } from "@/lib/api/types";

export type UserSummary = ResponseBody<"/api/v1/users", "get">["items"][number];

/** How a person is shown: their display name, else their username. */
export function userLabel(user: Pick<UserSummary, "display_name" | "username"> | null | undefined): string {
  if (!user) return "—";
  return user.display_name || user.username;
}

/**
 * Active users by id, for showing names where the API answers only ids (owners, members, leads).
 * One page of the largest size the API allows; ids it does not cover show as unknown.
 */
export function useUserDirectory() {
  return useQuery({
    queryKey: queryKeys.users.directory,
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { page_size: 100 } } })),
    select: (data) => new Map(data.items.map((user) => [user.id, user])),
    staleTime: 60_000,
  });
}

/**
 * Finds a user by name, username or email and hands the chosen one to `onPick`. Results are
 * plain buttons under the search box, so the keyboard reaches them with Tab.
 */
export function UserPicker({
  label,
  actionLabel = "Pick",
  exclude = [],
  onPick,
  disabled,
}: {
  /** Names the search box ("Find a user to add"). */
  label: string;
  /** Verb on each result's button, read with the user's name ("Add Ada Lovelace"). */
  actionLabel?: string;
  exclude?: readonly string[];
  onPick: (user: UserSummary) => void;
  disabled?: boolean;
}) {
  const [text, setText] = React.useState("");
  const [query, setQuery] = React.useState("");
  React.useEffect(() => {
    const timer = setTimeout(() => setQuery(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const results = useQuery({
    queryKey: queryKeys.users.search(query),
    queryFn: () =>
      unwrap(api.GET("/api/v1/users", { params: { query: { q: query, page_size: 8, is_active: "true" } } })),
    enabled: query.length > 0,
  });
  const matches = (results.data?.items ?? []).filter((user) => !exclude.includes(user.id));

  return (
    <div className="grid gap-2">
      <SearchField
        aria-label={label}
        placeholder="Search by name, username or email"
        className="min-w-0"
        value={text}
        disabled={disabled}
        onChange={(event) => setText(event.target.value)}
      />
      {query ? (
        <div aria-live="polite" className="grid gap-1">
          {results.isPending ? (
            <p className="text-xs text-muted-foreground">Searching…</p>
          ) : results.isError ? (
            <p className="text-xs text-destructive">Users could not be searched.</p>
          ) : matches.length === 0 ? (
            <p className="text-xs text-muted-foreground">No one matches “{query}”.</p>
          ) : (
            <ul className="grid gap-1">
              {matches.map((user) => (
                <li key={user.id} className="flex items-center justify-between gap-2 rounded-md border px-3 py-1.5">
                  <span className="min-w-0 truncate text-sm">
                    {userLabel(user)} <span className="text-muted-foreground">@{user.username}</span>
                  </span>
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={disabled}
                    aria-label={`${actionLabel} ${userLabel(user)}`}
                    onClick={() => {
                      onPick(user);
                      setText("");
                    }}
                  >
                    <UserPlus aria-hidden />
                    {actionLabel}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
