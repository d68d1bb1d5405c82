import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/app-shell/app-shell";
import { BackendUnavailable } from "@/components/backend-unavailable";
import type { CurrentUser } from "@/lib/api/types";
import { loginPath } from "@/lib/navigation";
import { BackendUnavailableError, getCurrentUser, organizationExists } from "@/lib/server/session";
import { SessionProvider } from "@/lib/session";

type SessionCheck = { user: CurrentUser } | { user: null; hasOrg: boolean } | "unavailable";

/** Who is signed in, whether there is an organization to sign in to, or that the backend cannot say. */
async function checkSession(): Promise<SessionCheck> {
  try {
    const user = await getCurrentUser();
    return user ? { user } : { user: null, hasOrg: await organizationExists() };
  } catch (error) {
    if (error instanceof BackendUnavailableError) return "unavailable";
    throw error;
  }
}

/** Every signed-in page: checks the session with the backend, then renders the shell. */
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const session = await checkSession();
  // A full reload while the backend is down: a state that retries by itself, not an error page.
  if (session === "unavailable") return <BackendUnavailable />;
  if (!session.user) {
    if (!session.hasOrg) redirect("/register");
    // Set by src/proxy.ts, so an expired session returns to the page the user asked for.
    redirect(loginPath((await headers()).get("x-pathname") ?? "/"));
  }
  return (
    <SessionProvider user={session.user}>
      <AppShell>{children}</AppShell>
    </SessionProvider>
  );
}
