import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppShell } from "@/components/app-shell/app-shell";
import { loginPath } from "@/lib/navigation";
import { getCurrentUser, organizationExists } from "@/lib/server/session";
import { SessionProvider } from "@/lib/session";

/** Every signed-in page: checks the session with the backend, then renders the shell. */
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) {
    if (!(await organizationExists())) redirect("/register");
    // Set by src/proxy.ts, so an expired session returns to the page the user asked for.
    redirect(loginPath((await headers()).get("x-pathname") ?? "/"));
  }
  return (
    <SessionProvider user={user}>
      <AppShell>{children}</AppShell>
    </SessionProvider>
  );
}
