"use client";

import { UNDO_MS } from "@/components/confirm-change-dialog";
import { toast } from "@/components/ui/toast";
import { errorMessage } from "@/lib/api/errors";
import { type LabelOutcome, type OpenedReview, usePromptActions } from "./api";

/**
 * Moving and clearing a prompt's labels, as the prompt page offers them. A change that applied
 * at once is announced in a toast with Undo (for a few seconds, putting the label back where it
 * was); a change to a protected label opened a change request instead, which `onReview` reports.
 */
export function useLabelActions(
  name: string,
  labels: Readonly<Record<string, string>>,
  onReview: (review: OpenedReview) => void,
) {
  const { moveLabel, clearLabel } = usePromptActions(name);

  /** Puts `label` back on `previous` (or clears it again when it was not set). */
  const restore = (label: string, previous: string | null) => {
    const request =
      previous === null ? clearLabel.mutateAsync(label) : moveLabel.mutateAsync({ label, version: previous });
    request.then(
      (outcome) => {
        if (!outcome.applied) return onReview(outcome.review);
        toast.success(
          previous === null ? `${label} is cleared again.` : `${label} points at version ${previous} again.`,
          { id: `label-${name}-${label}-undone` },
        );
      },
      (error) =>
        toast.error(`${label} could not be put back`, {
          id: `label-${name}-${label}-undone`,
          description: errorMessage(error),
        }),
    );
  };

  const report = (outcome: LabelOutcome, label: string, previous: string | null, message: string) => {
    if (!outcome.applied) return onReview(outcome.review);
    toast.success(message, {
      id: `label-${name}-${label}`,
      duration: UNDO_MS,
      action: { label: "Undo", onClick: () => restore(label, previous) },
    });
  };

  return {
    move: async (label: string, version: string, comment?: string) => {
      const previous = labels[label] ?? null;
      const outcome = await moveLabel.mutateAsync({ label, version, comment });
      report(outcome, label, previous, `${label} now points at version ${version}.`);
    },
    clear: async (label: string) => {
      const previous = labels[label] ?? null;
      const outcome = await clearLabel.mutateAsync(label);
      report(outcome, label, previous, `${label} is cleared.`);
    },
    moveError: moveLabel.error,
    clearError: clearLabel.error,
    pending: moveLabel.isPending || clearLabel.isPending,
    reset: () => {
      moveLabel.reset();
      clearLabel.reset();
    },
  };
}
