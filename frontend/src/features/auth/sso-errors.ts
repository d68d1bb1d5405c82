/**
 * Why single sign-on sent the visitor back to the sign-in page (`/login?error=<code>`), in
 * words they can act on. The codes are the backend's.
 */
const SSO_ERROR_MESSAGES: Record<string, string> = {
  sso_unavailable:
    "The sign-in service could not be reached. Try again in a moment; if it keeps happening, tell your administrator.",
  sso_failed: "Single sign-on did not finish: it took too long or was started in another tab. Please try again.",
  sso_denied: "The sign-in was cancelled at your identity provider.",
  sso_domain_not_allowed:
    "Your account's email address is not from a domain allowed to use SpecHub. Ask your administrator for access.",
  sso_account_inactive: "Your SpecHub account is deactivated. Ask an administrator to reactivate it.",
  sso_no_organization: "SpecHub is not set up yet: its first administrator registers before anyone can sign in.",
  sso_email_taken:
    "A SpecHub account already uses your email address and could not be tied to your sign-in. Ask an administrator to help.",
};

const UNKNOWN = "Single sign-on did not finish. Please try again.";

/** The message for the `error` query parameter, or null when there is none. */
export function ssoErrorMessage(code: string | string[] | undefined): string | null {
  const value = Array.isArray(code) ? code[0] : code;
  if (!value) return null;
  return Object.hasOwn(SSO_ERROR_MESSAGES, value) ? (SSO_ERROR_MESSAGES[value] ?? UNKNOWN) : UNKNOWN;
}

/** The link that starts single sign-on and comes back to `next`. */
export function ssoLoginHref(loginUrl: string, next: string): string {
  return next === "/" ? loginUrl : `${loginUrl}?next=${encodeURIComponent(next)}`;
}
