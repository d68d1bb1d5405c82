"use client";

import { useRouter } from "next/navigation";
import * as React from "react";
import { BrandMark } from "@/components/brand";
import { ErrorAlert } from "@/components/error-alert";
import { ApiError } from "@/lib/api/errors";

/** How often the page asks whether the backend is back. */
const RETRY_EVERY_MS = 3_000;

/**
 * Shown instead of a page when the server could not reach the backend to render it: the same
 * "backend unavailable" message the in-app pages show, and the page comes back by itself once
 * the backend answers again (the server renders it anew).
 */
export function BackendUnavailable({ framed = true }: { framed?: boolean }) {
  const router = useRouter();
  const [checking, setChecking] = React.useState(false);

  const check = React.useCallback(async () => {
    setChecking(true);
    try {
      const response = await fetch("/api/v1/auth/status", { cache: "no-store" });
      if (response.ok) React.startTransition(() => router.refresh());
    } catch {
      // Still down (or the frontend itself restarting): the next tick asks again.
    } finally {
      setChecking(false);
    }
  }, [router]);

  React.useEffect(() => {
    const timer = window.setInterval(() => void check(), RETRY_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [check]);

  const state = (
    <>
      <h1 className="sr-only">Backend unavailable</h1>
      <ErrorAlert error={new ApiError(503, null)} title="Backend unavailable" onRetry={() => void check()} />
      <p role="status" className="text-sm text-muted-foreground">
        {checking ? "Checking…" : "Retrying automatically every few seconds; this page comes back on its own."}
      </p>
    </>
  );
  // Inside a layout that has its own frame (the sign-in pages), only the state itself.
  if (!framed) return <div className="flex flex-col gap-4">{state}</div>;
  return (
    <main id="main" className="mx-auto flex min-h-dvh w-full max-w-lg flex-col justify-center gap-4 px-4 py-8">
      <div className="flex items-center gap-2 font-semibold tracking-tight">
        <BrandMark />
        <span>SpecHub</span>
      </div>
      {state}
    </main>
  );
}
