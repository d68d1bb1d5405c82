import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import type * as React from "react";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import { VisibilityBadge } from "@/components/visibility";
import { ApiError } from "@/lib/api/errors";
import type { Visibility } from "@/lib/api/types";

// The pieces every detail page (a prompt, a workflow, a project) shares.

/** The link above a detail page's title, back to its list. */
export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      className="mb-3 inline-flex items-center gap-1 rounded-sm text-sm text-muted-foreground hover:text-foreground"
    >
      <ArrowLeft className="size-4" aria-hidden />
      {children}
    </Link>
  );
}

/**
 * What a detail page shows when its item could not be loaded: "no such thing" (with the way back
 * to the list) for the statuses that mean it is missing or hidden, else the error with a retry.
 */
export function DetailLoadError({
  error,
  missingStatuses,
  missingTitle,
  missingDescription,
  back,
  errorTitle,
  onRetry,
}: {
  error: unknown;
  missingStatuses: readonly number[];
  missingTitle: string;
  missingDescription: string;
  back: { href: string; label: string };
  errorTitle: string;
  onRetry: () => void;
}) {
  if (error instanceof ApiError && missingStatuses.includes(error.status)) {
    return (
      <EmptyState
        asPageHeading
        title={missingTitle}
        description={missingDescription}
        action={
          <Button variant="outline" asChild>
            <Link href={back.href}>{back.label}</Link>
          </Button>
        }
      />
    );
  }
  return <ErrorAlert error={error} title={errorTitle} onRetry={onRetry} />;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** A shared item's description: what it says, then who may see it, who owns it and when it last changed. */
export function OwnedItemDescription({
  description,
  visibility,
  owner,
  updatedAt,
}: {
  description: string | null | undefined;
  visibility: Visibility;
  owner: string;
  updatedAt: string;
}) {
  return (
    <div className="grid gap-1">
      {description ? <p className="text-foreground">{description}</p> : null}
      <p className="flex flex-wrap items-center gap-2">
        <VisibilityBadge visibility={visibility} />
        <span>Owned by {owner}</span>
        <span aria-hidden>·</span>
        <span>Updated {dateFormat.format(new Date(updatedAt))}</span>
      </p>
    </div>
  );
}
