"use client";

import { UserRound } from "lucide-react";
import * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type Team, useTeamMutations, useUserSearch } from "./api";
import { userLabel } from "./user-label";

/** Waits until typing pauses before searching, so each keystroke is not a request. */
function useDebounced<T>(value: T, delay = 250): T {
  const [debounced, setDebounced] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

/** Picks the user who manages the team and everything below it, or leaves it without one. */
export function OwnerDialog({ team, ownerName }: { team: Team; ownerName: string | null }) {
  const [open, setOpen] = React.useState(false);
  const [query, setQuery] = React.useState("");
  const q = useDebounced(query.trim());
  const search = useUserSearch(q);
  const { update } = useTeamMutations();

  const onOpenChange = (next: boolean) => {
    if (next) {
      setQuery("");
      update.reset();
    }
    setOpen(next);
  };

  const choose = (ownerId: string | null) =>
    update.mutate({ id: team.id, body: { owner_id: ownerId } }, { onSuccess: () => setOpen(false) });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <UserRound aria-hidden />
          Set owner
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Owner of {team.name}</DialogTitle>
          <DialogDescription>
            The owner manages this team and every team below it: sub-teams, members, policies and objectives.
            {ownerName ? ` Currently: ${ownerName}.` : " It has no owner now."}
          </DialogDescription>
        </DialogHeader>
        {update.error ? <ErrorAlert error={update.error} title="The owner was not changed" /> : null}
        <Field label="Find a user" description="By name, username or email.">
          {(aria) => <Input {...aria} type="search" value={query} onChange={(event) => setQuery(event.target.value)} />}
        </Field>
        <div aria-live="polite" aria-busy={search.isFetching}>
          {search.isError ? (
            <ErrorAlert error={search.error} onRetry={() => void search.refetch()} />
          ) : search.data && search.data.items.length === 0 ? (
            <p className="text-sm text-muted-foreground">No user matches “{q}”.</p>
          ) : (
            <ul className="grid gap-1" aria-label="Matching users">
              {(search.data?.items ?? []).map((user) => (
                <li key={user.id} className="flex items-center justify-between gap-3 rounded-md border px-3 py-2">
                  <span className="min-w-0">
                    <span className="block truncate text-sm font-medium">{userLabel(user)}</span>
                    <span className="block truncate text-xs text-muted-foreground">{user.email ?? user.username}</span>
                  </span>
                  <Button
                    size="sm"
                    variant={user.id === team.owner_id ? "secondary" : "outline"}
                    disabled={update.isPending || user.id === team.owner_id}
                    aria-label={`Make ${userLabel(user)} the owner`}
                    onClick={() => choose(user.id)}
                  >
                    {user.id === team.owner_id ? "Owner" : "Choose"}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <DialogFooter>
          {team.owner_id ? (
            <Button variant="outline" disabled={update.isPending} onClick={() => choose(null)}>
              Remove owner
            </Button>
          ) : null}
          <Button variant="outline" onClick={() => onOpenChange(false)}>
            Close
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
