import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { RegisterForm } from "@/features/auth/register-form";
import { organizationExists, signInOptions } from "@/lib/server/session";

export const metadata: Metadata = { title: "Set up SpecHub" };

export default async function RegisterPage() {
  // Registration is for the very first administrator; afterwards people join by invitation.
  if (await organizationExists()) redirect("/login");
  return <RegisterForm options={await signInOptions()} />;
}
