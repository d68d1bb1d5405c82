import type { Metadata } from "next";
import { ChangeRequestView } from "@/features/reviews/change-request-view";

export const metadata: Metadata = { title: "Change request" };

export default async function ChangeRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ChangeRequestView id={id} />;
}
