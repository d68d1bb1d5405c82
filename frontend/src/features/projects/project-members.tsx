"use client";

import { UserMinus } from "lucide-react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { UserPicker, userLabel, useUserDirectory } from "@/components/user-picker";
import { useMemberActions, useProjectMembers } from "./api";

/** Who works on the project: members see it and its governance; managers add and remove them. */
export function ProjectMembers({ projectId, manage }: { projectId: string; manage: boolean }) {
  const members = useProjectMembers(projectId);
  const actions = useMemberActions(projectId);
  const users = useUserDirectory();
  const error = actions.add.error ?? actions.remove.error;

  return (
    <div className="grid gap-4">
      {error ? <ErrorAlert error={error} /> : null}
      {members.isPending ? (
        <Skeleton className="h-16" />
      ) : members.isError ? (
        <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />
      ) : members.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No members yet.</p>
      ) : (
        <ul className="grid gap-1" aria-label="Members">
          {members.data.map((member) => {
            const user = users.data?.get(member.user_id);
            const name = user ? userLabel(user) : "Unknown user";
            return (
              <li key={member.id} className="flex items-center justify-between gap-2 rounded-md border px-3 py-1.5">
                <span className="text-sm">
                  {name}
                  {user ? <span className="text-muted-foreground"> @{user.username}</span> : null}
                  <span className="ml-2 text-xs text-muted-foreground">{member.role}</span>
                </span>
                {manage ? (
                  <ConfirmDialog
                    trigger={
                      <Button size="sm" variant="ghost" aria-label={`Remove ${name} from the project`}>
                        <UserMinus aria-hidden />
                        Remove
                      </Button>
                    }
                    title={`Remove ${name}?`}
                    description="They stop being a member: the project's policies and objectives no longer reach them through it."
                    confirmLabel="Remove member"
                    destructive
                    onConfirm={() => {
                      actions.add.reset();
                      return actions.remove.mutateAsync(member.user_id);
                    }}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {manage ? (
        <UserPicker
          label="Find someone to add"
          actionLabel="Add"
          exclude={members.data?.map((member) => member.user_id) ?? []}
          disabled={actions.add.isPending}
          onPick={(user) => {
            actions.remove.reset();
            actions.add.mutate({ user_id: user.id });
          }}
        />
      ) : null}
    </div>
  );
}
