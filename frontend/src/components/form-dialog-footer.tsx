import type * as React from "react";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";

/** A dialog form's Cancel and submit buttons; while the form saves, submitting is disabled and says so. */
export function FormDialogFooter({
  onCancel,
  pending,
  submitLabel,
  pendingLabel = "Saving…",
}: {
  onCancel: () => void;
  pending: boolean;
  submitLabel: React.ReactNode;
  pendingLabel?: string;
}) {
  return (
    <DialogFooter>
      <Button variant="outline" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </DialogFooter>
  );
}
