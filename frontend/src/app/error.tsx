"use client";

import { ErrorView } from "@/components/error-view";

export default function RootError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="flex min-h-dvh items-center justify-center px-4">
      <ErrorView error={error} reset={reset} />
    </div>
  );
}
