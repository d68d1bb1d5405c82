import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/features/auth/login-form";
import { safeNextPath } from "@/lib/navigation";
import { getCurrentUser, organizationExists } from "@/lib/server/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const next = safeNextPath((await searchParams).next);
  if (!(await organizationExists())) redirect("/register");
  if (await getCurrentUser()) redirect(next);
  return <LoginForm next={next} />;
}
