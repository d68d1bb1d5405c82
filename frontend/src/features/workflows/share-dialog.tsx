"use client";

import { Share2, X } from "lucide-react";
import * as React from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorAlert } from "@/components/error-alert";
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
import { useShareActions, useWorkflowShares, type Workflow } from "./api";

/** Who besides the owner may see and run a private workflow. */
export function ShareDialog({ workflow }: { workflow: Workflow }) {
  const [open, setOpen] = React.useState(false);
  const shares = useWorkflowShares(workflow.id, open);
  const actions = useShareActions(workflow.id);
  const error = actions.add.error ?? actions.remove.error;
  const sharedWith = shares.data?.map((share) => share.user_id) ?? [];

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Share2 aria-hidden />
          Share
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Share {workflow.name}</DialogTitle>
          <DialogDescription>
            People it is shared with can see and run it, even while it is private. Only you and admins can change it.
          </DialogDescription>
        </DialogHeader>
        {error ? <ErrorAlert error={error} /> : null}
        <UserPicker
          label="Find someone to share with"
          actionLabel="Share with"
          exclude={[...sharedWith, ...(workflow.user_id ? [workflow.user_id] : [])]}
          disabled={actions.add.isPending}
          onPick={(user) => {
            actions.remove.reset();
            actions.add.mutate(user.id);
          }}
        />
        <section aria-label="Shared with" className="grid gap-2">
          <h3 className="text-sm font-semibold">Shared with</h3>
          {shares.isPending ? (
            <Skeleton className="h-8" />
          ) : shares.isError ? (
            <ErrorAlert error={shares.error} onRetry={() => void shares.refetch()} />
          ) : shares.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nobody yet.</p>
          ) : (
            <ul className="grid gap-1">
              {shares.data.map((share) => {
                const name = share.display_name || share.username;
                return (
                  <li key={share.id} className="flex items-center justify-between gap-2 rounded-md border px-3 py-1.5">
                    <span className="text-sm">
                      {name} <span className="text-muted-foreground">@{share.username}</span>
                    </span>
                    <ConfirmDialog
                      trigger={
                        <Button size="sm" variant="ghost" aria-label={`Stop sharing with ${name}`}>
                          <X aria-hidden />
                          Remove
                        </Button>
                      }
                      title={`Stop sharing with ${name}?`}
                      description="They can no longer see or run this workflow, unless its visibility lets them."
                      confirmLabel="Stop sharing"
                      destructive
                      onConfirm={() => {
                        actions.add.reset();
                        return actions.remove.mutateAsync(share.user_id);
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
