"use client";

import * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

/** How long the notice after a confirmed change offers Undo. */
export const UNDO_MS = 8_000;

/**
 * Asks before a change that reaches other people, saying what it changes once that is known.
 * Opened by the caller (a drag or a select has no trigger button). Focus starts on the confirm
 * button, which does nothing until the summary has loaded, so Enter confirms what was read and
 * Esc cancels. Like ConfirmDialog, it closes when `onConfirm` settles and leaves showing a failure
 * to the caller.
 */
export function ConfirmChangeDialog({
  open,
  onClose,
  title,
  summary,
  loading = false,
  error,
  errorTitle,
  onRetry,
  confirmLabel,
  onConfirm,
  returnFocusTo,
}: {
  open: boolean;
  /** Closes the dialog: after Esc or Cancel, and once `onConfirm` has settled. */
  onClose: () => void;
  title: string;
  /** What the change does, for whom (phrasing content: it sits in a paragraph); shown once `loading` is over. */
  summary: React.ReactNode;
  loading?: boolean;
  /** The summary could not be worked out: the change is not offered. */
  error?: unknown;
  errorTitle?: string;
  onRetry?: () => void;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  /** Where focus goes when the dialog closes, e.g. the select that asked for the change. */
  returnFocusTo?: React.RefObject<HTMLElement | null>;
}) {
  const [pending, setPending] = React.useState(false);
  const confirmRef = React.useRef<HTMLButtonElement>(null);
  const ready = !loading && !error;

  const confirm = async () => {
    if (!ready || pending) return;
    setPending(true);
    try {
      await onConfirm();
    } catch {
      // reported by the caller
    } finally {
      setPending(false);
      onClose();
    }
  };

  return (
    <AlertDialog open={open} onOpenChange={(next) => !next && !pending && onClose()}>
      <AlertDialogContent
        aria-busy={loading}
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          confirmRef.current?.focus();
        }}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          returnFocusTo?.current?.focus();
        }}
      >
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription aria-live="polite">
            {loading ? (
              <>
                <span className="sr-only">Checking what this changes…</span>
                <span aria-hidden className="block h-4 w-full animate-pulse rounded-md bg-muted" />
                <span aria-hidden className="mt-2 block h-4 w-2/3 animate-pulse rounded-md bg-muted" />
              </>
            ) : error ? (
              "This change could not be checked, so it is not offered."
            ) : (
              summary
            )}
          </AlertDialogDescription>
        </AlertDialogHeader>
        {error ? <ErrorAlert error={error} title={errorTitle} onRetry={onRetry} /> : null}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          <Button
            ref={confirmRef}
            // Focusable while the summary loads (so focus can start here), but it acts only once loaded.
            aria-disabled={!ready || pending}
            className={cn(!ready && "cursor-not-allowed opacity-50")}
            disabled={pending}
            onClick={() => void confirm()}
          >
            {pending ? "Working…" : confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
