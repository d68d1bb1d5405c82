import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BackendUnavailable } from "@/components/backend-unavailable";
import { LoginForm } from "@/features/auth/login-form";
import { ssoErrorMessage } from "@/features/auth/sso-errors";
import type { SignInOptions } from "@/lib/api/types";
import { safeNextPath } from "@/lib/navigation";
import { BackendUnavailableError, getCurrentUser, organizationExists, signInOptions } from "@/lib/server/session";

export const metadata: Metadata = { title: "Sign in" };

type LoginState = { hasOrg: false } | { hasOrg: true; signedIn: boolean; options: SignInOptions } | "unavailable";

async function loginState(): Promise<LoginState> {
  try {
    if (!(await organizationExists())) return { hasOrg: false };
    return { hasOrg: true, signedIn: (await getCurrentUser()) !== null, options: await signInOptions() };
  } catch (error) {
    if (error instanceof BackendUnavailableError) return "unavailable";
    throw error;
  }
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; error?: string | string[] }>;
}) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  const state = await loginState();
  // The backend is down: say so and come back by itself rather than showing an error page.
  if (state === "unavailable") return <BackendUnavailable framed={false} />;
  if (!state.hasOrg) redirect("/register");
  if (state.signedIn) redirect(next);
  return <LoginForm next={next} options={state.options} ssoError={ssoErrorMessage(params.error)} />;
}
