"use client";

import Link from "next/link";
import { ErrorView } from "@/components/error-view";

export default function SignedInError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorView error={error} reset={reset} linkAs={Link} />;
}
