import type { Metadata } from "next";
import { NotFoundView } from "@/components/not-found-view";

export const metadata: Metadata = { title: "Page not found" };

/**
 * Addresses outside the signed-in app (the catch-all in the (app) group takes every other
 * unknown path and shows the same text inside the app's frame).
 */
export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <NotFoundView />
    </main>
  );
}
