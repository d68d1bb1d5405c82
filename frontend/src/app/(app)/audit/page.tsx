import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditView } from "@/features/audit/audit-view";

export const metadata: Metadata = { title: "Audit log" };

export default function AuditPage() {
  // The view keeps its filters in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <AuditView />
    </Suspense>
  );
}
