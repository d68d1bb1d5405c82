import Link from "next/link";
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

/**
 * A create page's Cancel link (back to `cancelHref`) and submit button; submitting is disabled
 * while the form saves, and after it has saved, while the page moves on.
 */
export function PageFormFooter({
  cancelHref,
  pending,
  done,
  submitLabel,
}: {
  cancelHref: string;
  pending: boolean;
  done: boolean;
  submitLabel: string;
}) {
  return (
    <div className="flex justify-end gap-2">
      <Button variant="outline" asChild>
        <Link href={cancelHref}>Cancel</Link>
      </Button>
      <Button type="submit" disabled={pending || done}>
        {pending ? "Creating…" : submitLabel}
      </Button>
    </div>
  );
}
