import type { Metadata } from "next";
import { InvitationView } from "@/features/auth/invitation-view";
import { signInOptions } from "@/lib/server/session";

export const metadata: Metadata = { title: "Accept invitation" };

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <InvitationView token={token} options={await signInOptions()} />;
}
