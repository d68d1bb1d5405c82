import type { Metadata } from "next";
import Link from "next/link";
import { NotFoundView } from "@/components/not-found-view";

export const metadata: Metadata = { title: "Page not found" };

/** A missing page or record inside the app: shown within the app's frame, sidebar included. */
export default function SignedInNotFound() {
  return <NotFoundView linkAs={Link} />;
}
