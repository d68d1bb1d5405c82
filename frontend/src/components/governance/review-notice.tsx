import { GitPullRequestArrow, X } from "lucide-react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { type OpenedReview, reviewHref, SENT_FOR_REVIEW } from "./review";

/** Says that a policy or objective change waits for review, with the way to its change request. */
export function ReviewNotice({ review, onDismiss }: { review: OpenedReview; onDismiss: () => void }) {
  return (
    <Alert className="flex flex-wrap items-center gap-3">
      <GitPullRequestArrow className="shrink-0" aria-hidden />
      <p className="min-w-0 flex-1 basis-56">
        {SENT_FOR_REVIEW} <span className="text-muted-foreground">({review.title})</span>
      </p>
      <Button size="sm" variant="outline" asChild>
        <Link href={reviewHref(review.id)}>Open the change request</Link>
      </Button>
      <Button size="icon" variant="ghost" className="size-7" aria-label="Dismiss" onClick={onDismiss}>
        <X aria-hidden />
      </Button>
    </Alert>
  );
}
