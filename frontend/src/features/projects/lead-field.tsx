"use client";

import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { UserPicker, type UserSummary, userLabel } from "@/components/user-picker";

/** The project's lead: who is chosen, a way to clear it, and a search to pick someone else. */
export function LeadField({
  lead,
  onChange,
  disabled,
}: {
  lead: Pick<UserSummary, "id" | "display_name" | "username"> | null;
  onChange: (user: UserSummary | null) => void;
  disabled?: boolean;
}) {
  return (
    <div className="grid gap-2">
      <div className="flex items-center justify-between gap-2 rounded-md border px-3 py-2 text-sm">
        <span>
          {lead ? (
            <>
              {userLabel(lead)} <span className="text-muted-foreground">@{lead.username}</span>
            </>
          ) : (
            <span className="text-muted-foreground">No lead: the team's managers manage the project.</span>
          )}
        </span>
        {lead ? (
          <Button size="sm" variant="ghost" disabled={disabled} onClick={() => onChange(null)}>
            <X aria-hidden />
            Remove lead
          </Button>
        ) : null}
      </div>
      <UserPicker
        label="Find a lead"
        actionLabel="Make lead"
        exclude={lead ? [lead.id] : []}
        disabled={disabled}
        onPick={onChange}
      />
    </div>
  );
}
