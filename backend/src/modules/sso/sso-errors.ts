/**
 * Why a single sign-on attempt ended without a session. The code travels to the sign-in page as
 * `/login?error=<code>`, which explains it in words; the detail goes to the log and the audit log.
 */
export const SSO_ERROR_CODES = [
  "sso_unavailable",
  "sso_failed",
  "sso_denied",
  "sso_domain_not_allowed",
  "sso_account_inactive",
  "sso_no_organization",
  "sso_email_taken",
] as const;

export type SsoErrorCode = (typeof SSO_ERROR_CODES)[number];

export class SsoError extends Error {
  constructor(
    readonly code: SsoErrorCode,
    detail: string,
    /** The account the attempt was refused for, when one was found. */
    readonly user?: { id: string; username: string; teamId: string },
    options?: { cause?: unknown },
  ) {
    super(detail, options);
    this.name = "SsoError";
  }
}
