import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConsentView } from "@/features/oauth/consent-view";
import { loginPath } from "@/lib/navigation";
import { getCurrentUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "Connect an app" };

/**
 * Where the authorization endpoint sends the browser of someone signing an IDE in. Only a signed-in
 * person can answer; anyone else signs in first and comes back to the same request.
 */
export default async function ConsentPage({
  searchParams,
}: {
  searchParams: Promise<{ request?: string | string[] }>;
}) {
  const value = (await searchParams).request;
  const requestId = (Array.isArray(value) ? value[0] : value) ?? "";
  const user = await getCurrentUser();
  if (!user) redirect(loginPath(`/oauth/consent?request=${encodeURIComponent(requestId)}`));
  return (
    <ConsentView
      requestId={requestId}
      account={{ name: user.display_name ?? user.username, detail: user.email ?? user.username }}
    />
  );
}
