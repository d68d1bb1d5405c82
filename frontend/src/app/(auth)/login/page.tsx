import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/features/auth/login-form";
import { ssoErrorMessage } from "@/features/auth/sso-errors";
import { safeNextPath } from "@/lib/navigation";
import { getCurrentUser, organizationExists, signInOptions } from "@/lib/server/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[]; error?: string | string[] }>;
}) {
  const params = await searchParams;
  const next = safeNextPath(params.next);
  if (!(await organizationExists())) redirect("/register");
  if (await getCurrentUser()) redirect(next);
  return <LoginForm next={next} options={await signInOptions()} ssoError={ssoErrorMessage(params.error)} />;
}
