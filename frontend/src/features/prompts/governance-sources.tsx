"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "@/components/error-alert";
import { Badge } from "@/components/ui/badge";
import { api, unwrap } from "@/lib/api/client";
import { queryKeys } from "@/lib/api/query-keys";
import { describeSource } from "./governance-source";

/** Whose effective governance to explain: a user (optionally in a project) or a team. */
export type GovernanceScope = { user_id: string; project_id?: string } | { team_id: string };

/**
 * Every policy that applies to the scope, highest priority first, each with where it comes from:
 * the team it is set on and, for someone in several teams, which of their teams brings it.
 */
export function GovernanceSources({ scope }: { scope: GovernanceScope }) {
  const effective = useQuery({
    queryKey: queryKeys.policies.effective(scope),
    queryFn: () => unwrap(api.GET("/api/v1/policies/effective", { params: { query: scope } })),
  });
  if (effective.isError) return <ErrorAlert error={effective.error} title="Policy sources could not be loaded" />;
  const items = effective.data
    ? [...effective.data.inherited, ...effective.data.local].sort((a, b) => b.priority - a.priority)
    : [];
  return (
    <section aria-label="Policy sources" className="grid gap-1.5">
      <h3 className="text-sm font-semibold">Where the policies come from</h3>
      {!effective.data ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : items.length === 0 ? (
        <p className="text-sm text-muted-foreground">No policies apply.</p>
      ) : (
        <ul className="grid gap-1.5">
          {items.map((policy) => (
            <li key={policy.id} className="flex min-w-0 flex-wrap items-center gap-2 text-sm">
              <Badge variant="secondary" className="whitespace-normal">
                {policy.name}
              </Badge>
              <span className="text-muted-foreground">{describeSource(policy.source)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
