"use client";

import { Share2, X } from "lucide-react";
import type * as React from "react";
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

/** A share as the API lists it, for prompts and workflows alike. */
export type Share = { id: string; user_id: string; username: string; display_name: string | null };

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
  shares,
  add,
  remove,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  itemName: string;
  ownerId: string | null;
  description: React.ReactNode;
  /** What stopping a share means, shown in its confirmation. */
  removeDescription: string;
  shares: {
    isPending: boolean;
    isError: boolean;
    error: Error | null;
    data: Share[] | undefined;
    refetch: () => unknown;
  };
  add: { mutate: (userId: string) => void; reset: () => void; isPending: boolean; error: Error | null };
  remove: { mutateAsync: (userId: string) => Promise<unknown>; reset: () => void; error: Error | null };
}) {
  const error = add.error ?? remove.error;
  const sharedWith = shares.data?.map((share) => share.user_id) ?? [];

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
        <UserPicker
          label="Find someone to share with"
          actionLabel="Share with"
          exclude={[...sharedWith, ...(ownerId ? [ownerId] : [])]}
          disabled={add.isPending}
          onPick={(user) => {
            remove.reset();
            add.mutate(user.id);
          }}
        />
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
                      description={removeDescription}
                      confirmLabel="Stop sharing"
                      destructive
                      onConfirm={() => {
                        add.reset();
                        return remove.mutateAsync(share.user_id);
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
