import { FileQuestion } from "lucide-react";
import type Link from "next/link";
import { Button } from "@/components/ui/button";

/**
 * What a missing page says, inside the app's frame or on its own. `linkAs` draws the way back to
 * the dashboard: Next's `Link` inside the app's frame; a plain link on the root not-found page,
 * whose client code every page loads up front.
 */
export function NotFoundView({ linkAs: HomeLink = "a" }: { linkAs?: typeof Link | "a" }) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <span className="flex size-12 items-center justify-center rounded-full bg-muted">
        <FileQuestion className="size-6 text-muted-foreground" aria-hidden />
      </span>
      <p className="text-sm font-medium text-muted-foreground">404</p>
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="text-sm text-muted-foreground">The address may be mistyped, or the page has moved.</p>
      <Button asChild>
        <HomeLink href="/">Go to the dashboard</HomeLink>
      </Button>
    </div>
  );
}
