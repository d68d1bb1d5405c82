"use client";

import "./globals.css";
import { ErrorView } from "@/components/error-view";

/** Replaces the root layout when it fails itself, so it brings its own <html> and styles. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh items-center justify-center px-4">
        <ErrorView error={error} reset={reset} />
      </body>
    </html>
  );
}
