"use client";

import { Share2, Users, X } from "lucide-react";
import * as React from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { TeamPicker } from "@/components/team-picker";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { UserPicker } from "@/components/user-picker";

/**
 * A share as the API lists it, for prompts and workflows alike: with one person (`user_id`) or
 * with every member of a team (`team_id`, and of the teams below it with `include_subteams`).
 */
export type Share = {
  id: string;
  kind: "user" | "team";
  user_id: string | null;
  username: string | null;
  display_name: string | null;
  team_id: string | null;
  team_name: string | null;
  include_subteams: boolean;
};

/** Who to share with, as the API's share body takes it. */
export type ShareTarget = { user_id: string } | { team_id: string; include_subteams: boolean };

/** How a share's grantee is named in the list and in its confirmation. */
function granteeName(share: Share): string {
  if (share.kind === "team") return share.team_name ?? "a team";
  return share.display_name || share.username || "someone";
}

/**
 * Who besides the owner may use a private item. The caller owns the open state (so it can fetch
 * the shares only while open) and the add/remove mutations, whose errors are shown here.
 */
export function ShareDialog({
  open,
  onOpenChange,
  itemName,
  ownerId,
  description,
  removeDescription,
  teamRemoveDescription,
  shares,
  add,
  remove,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  itemName: string;
  ownerId: string | null;
  description: React.ReactNode;
  /** What stopping a share with a person means, shown in its confirmation. */
  removeDescription: string;
  /** The same for a share with a team. */
  teamRemoveDescription: string;
  shares: {
    isPending: boolean;
    isError: boolean;
    error: Error | null;
    data: Share[] | undefined;
    refetch: () => unknown;
  };
  add: { mutate: (target: ShareTarget) => void; reset: () => void; isPending: boolean; error: Error | null };
  remove: { mutateAsync: (share: Share) => Promise<unknown>; reset: () => void; error: Error | null };
}) {
  const [granteeKind, setGranteeKind] = React.useState<"user" | "team">("user");
  const kindName = React.useId();
  const error = add.error ?? remove.error;
  const sharedWithUsers = shares.data?.flatMap((share) => (share.user_id ? [share.user_id] : [])) ?? [];
  const sharedWithTeams = shares.data?.flatMap((share) => (share.team_id ? [share.team_id] : [])) ?? [];
  const pick = (target: ShareTarget) => {
    remove.reset();
    add.mutate(target);
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Share2 aria-hidden />
          Share
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Share {itemName}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {error ? <ErrorAlert error={error} /> : null}
        <fieldset className="grid gap-2">
          <legend className="mb-2 text-sm font-semibold">Share with</legend>
          <div className="flex flex-wrap gap-4">
            {(
              [
                ["user", "A person"],
                ["team", "A team"],
              ] as const
            ).map(([kind, text]) => (
              <label key={kind} className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name={kindName}
                  value={kind}
                  className="size-4 accent-primary"
                  checked={granteeKind === kind}
                  onChange={() => setGranteeKind(kind)}
                />
                {text}
              </label>
            ))}
          </div>
          {granteeKind === "user" ? (
            <UserPicker
              label="Find someone to share with"
              actionLabel="Share with"
              exclude={[...sharedWithUsers, ...(ownerId ? [ownerId] : [])]}
              disabled={add.isPending}
              onPick={(user) => pick({ user_id: user.id })}
            />
          ) : (
            <TeamPicker
              label="Find a team to share with"
              actionLabel="Share with"
              exclude={sharedWithTeams}
              subteams
              disabled={add.isPending}
              onPick={(team, includeSubteams) => pick({ team_id: team.id, include_subteams: includeSubteams })}
            />
          )}
        </fieldset>
        <section aria-label="Shared with" className="grid gap-2">
          <h3 className="text-sm font-semibold">Shared with</h3>
          {shares.isPending ? (
            <Skeleton className="h-8" />
          ) : shares.isError || !shares.data ? (
            <ErrorAlert error={shares.error} onRetry={() => void shares.refetch()} />
          ) : shares.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nobody yet.</p>
          ) : (
            <ul className="grid gap-1">
              {shares.data.map((share) => {
                const name = granteeName(share);
                return (
                  <li key={share.id} className="flex items-center justify-between gap-2 rounded-md border px-3 py-1.5">
                    {share.kind === "team" ? (
                      <span className="flex min-w-0 flex-wrap items-center gap-1.5 text-sm">
                        <Users className="size-4 text-muted-foreground" aria-label="Team" />
                        {name}
                        {share.include_subteams ? <Badge variant="secondary">and sub-teams</Badge> : null}
                      </span>
                    ) : (
                      <span className="min-w-0 truncate text-sm">
                        {name} <span className="text-muted-foreground">@{share.username}</span>
                      </span>
                    )}
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" aria-label={`Stop sharing with ${name}`}>
                          <X aria-hidden />
                          Remove
                        </Button>
                      }
                      title={`Stop sharing with ${name}?`}
                      description={share.kind === "team" ? teamRemoveDescription : removeDescription}
                      confirmLabel="Stop sharing"
                      destructive
                      onConfirm={() => {
                        add.reset();
                        return remove.mutateAsync(share);
                      }}
                    />
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </DialogContent>
    </Dialog>
  );
}
