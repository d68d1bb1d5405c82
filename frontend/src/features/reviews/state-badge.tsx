import { Badge } from "@/components/ui/badge";
import type { ChangeRequestState } from "./api";

const LOOK: Record<
  ChangeRequestState,
  { label: string; variant: "secondary" | "success" | "destructive" | "warning" | "outline" }
> = {
  open: { label: "Open", variant: "outline" },
  stale: { label: "Stale", variant: "warning" },
  approved: { label: "Approved", variant: "success" },
  rejected: { label: "Rejected", variant: "destructive" },
  withdrawn: { label: "Withdrawn", variant: "secondary" },
};

/** A change request's state, in words and colour. */
export function StateBadge({ state }: { state: ChangeRequestState }) {
  const look = LOOK[state];
  return <Badge variant={look.variant}>{look.label}</Badge>;
}

/** "Ada Lovelace", else "@ada", else someone no longer known. */
export function personName(person: { username: string; display_name: string | null } | null): string {
  if (!person) return "a former user";
  return person.display_name || `@${person.username}`;
}
