import {
  descriptionRule,
  displayNameRule,
  emailRule,
  nameRule,
  passwordRule,
  slugRule,
  usernameRule,
} from "@/lib/api/rules";
import { z } from "@/lib/zod";

// Form fields that check the API's own rules (generated into rules.ts from its OpenAPI document),
// so most mistakes are caught before a round trip and no limit is copied by hand.

export const atMost = (max: number) => `At most ${max.toLocaleString("en-US")} characters`;
const atLeast = (min: number) => `At least ${min.toLocaleString("en-US")} characters`;

/** A slug (team, project, organization, prompt name); `missing` says what to type when empty. */
export function slugField(missing: string, example?: string) {
  return z
    .string()
    .trim()
    .min(slugRule.minLength, missing)
    .max(slugRule.maxLength, atMost(slugRule.maxLength))
    .regex(slugRule.pattern, `Lower-case letters, digits and '-' only${example ? `, e.g. ${example}` : ""}`);
}

/** A name (team, project, organization, policy); `missing` says what to type when empty. */
export function nameField(missing: string) {
  return z.string().trim().min(nameRule.minLength, missing).max(nameRule.maxLength, atMost(nameRule.maxLength));
}

export const descriptionField = z.string().max(descriptionRule.maxLength, atMost(descriptionRule.maxLength));

/** A person's full name: optional, so empty is fine. */
export const displayNameField = z.string().trim().max(displayNameRule.maxLength, atMost(displayNameRule.maxLength));

export const usernameField = z
  .string()
  .trim()
  .min(usernameRule.minLength, atLeast(usernameRule.minLength))
  .max(usernameRule.maxLength, atMost(usernameRule.maxLength))
  .regex(usernameRule.pattern, "Lower-case letters, digits, '-' and '_' only");

export const passwordField = z
  .string()
  .min(passwordRule.minLength, atLeast(passwordRule.minLength))
  .max(passwordRule.maxLength, atMost(passwordRule.maxLength));

export const emailField = z.email("Enter a valid email address").max(emailRule.maxLength);
