import type { Metadata } from "next";
import { Suspense } from "react";
import { SettingsView } from "@/features/settings/settings-view";

export const metadata: Metadata = { title: "Settings" };

export default function SettingsPage() {
  // The view keeps its tab and filters in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <SettingsView />
    </Suspense>
  );
}
