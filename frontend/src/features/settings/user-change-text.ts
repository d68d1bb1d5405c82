import type { Role } from "./form-values";

/** The question, the consequence and the confirm button for giving someone another role. */
export function roleChangeText({ name, role, self }: { name: string; role: Role; self: boolean }): {
  title: string;
  summary: string;
  confirmLabel: string;
  done: string;
} {
  if (role === "admin") {
    return {
      title: `Make ${name} an admin?`,
      summary: "Admins can change every team, prompt and setting.",
      confirmLabel: "Make admin",
      done: `${name} is now an admin.`,
    };
  }
  return {
    title: self ? "Give up your admin rights?" : `Make ${name} a member?`,
    summary: self
      ? "You will no longer be able to change teams, prompts and settings you do not own, and only another admin can give the rights back."
      : `${name} will no longer be able to change teams, prompts and settings they do not own.`,
    confirmLabel: "Make member",
    done: self ? "You are now a member." : `${name} is now a member.`,
  };
}
