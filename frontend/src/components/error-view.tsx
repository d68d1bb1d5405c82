"use client";

import { TriangleAlert } from "lucide-react";
import type Link from "next/link";
import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { Button } from "@/components/ui/button";

/**
 * A page that failed to render. In production the server hides the cause from the browser, and
 * the usual one is the backend being unreachable, so that is what the text suggests.
 *
 * `linkAs` draws the way back to the dashboard: Next's `Link` inside the app's frame, where the
 * router's code is loaded anyway; a plain link (a full page load) from the root boundaries, which
 * every page loads up front and which then carry no router code of their own.
 */
export function ErrorView({
  error,
  reset,
  linkAs: HomeLink = "a",
}: {
  error: Error & { digest?: string };
  reset: () => void;
  linkAs?: typeof Link | "a";
}) {
  const router = useRouter();
  // reset() alone re-renders only what runs in the browser; the failure happened on the server,
  // so ask the server for the page again as well.
  const retry = () =>
    startTransition(() => {
      router.refresh();
      reset();
    });
  return (
    <div role="alert" className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <span className="flex size-12 items-center justify-center rounded-full bg-destructive/10">
        <TriangleAlert className="size-6 text-destructive" aria-hidden />
      </span>
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p className="text-sm text-muted-foreground">
        SpecHub may be restarting or unable to reach its backend. Try again in a moment; if it keeps happening, tell
        your administrator
        {error.digest ? (
          <>
            {" "}
            and mention the reference <code className="font-mono">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="flex gap-2">
        <Button onClick={retry}>Try again</Button>
        <Button variant="outline" asChild>
          <HomeLink href="/">Go to the dashboard</HomeLink>
        </Button>
      </div>
    </div>
  );
}
