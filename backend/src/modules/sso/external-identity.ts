/** Who the identity provider says signed in, in the shape SpecHub matches and creates accounts by. */
export type ExternalIdentity = {
  /** With `subject`, names the account for good: unlike an email, a subject never changes hands. */
  issuer: string;
  subject: string;
  /** Lower-cased; null when the provider tells none. */
  email: string | null;
  /** The provider's word on `email`: true or false, or null when it says nothing. */
  emailVerified: boolean | null;
  /** Whether the provider tells emails at all: OpenShift's does not, so the email domain rule cannot apply. */
  providesEmail: boolean;
  /** The provider's user name, as given (cleaned into a SpecHub username at account creation). */
  username: string | null;
  displayName: string | null;
  groups: string[];
};

type Claims = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === "string" && value.trim() ? value.trim() : null);

/** A group claim holds a list of names or, for one group, some providers send the bare name. */
export function groupsOf(value: unknown): string[] {
  if (typeof value === "string") return value ? [value] : [];
  if (!Array.isArray(value)) return [];
  return value.filter((group): group is string => typeof group === "string" && group.length > 0);
}

function emailOf(value: unknown): string | null {
  const email = text(value)?.toLowerCase() ?? null;
  return email && email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}

/** Some providers send `email_verified` as the string "true". */
function verifiedOf(value: unknown): boolean | null {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return null;
}

/** An OpenID Connect provider's account, from its ID token claims merged with its userinfo answer. */
export function identityFromClaims(issuer: string, claims: Claims, groupsClaim: string): ExternalIdentity {
  const subject = text(claims.sub);
  if (!subject) throw new Error("the provider's claims carry no subject");
  return {
    issuer,
    subject,
    email: emailOf(claims.email),
    emailVerified: verifiedOf(claims.email_verified),
    providesEmail: true,
    username: text(claims.preferred_username),
    displayName: text(claims.name),
    groups: groupsOf(claims[groupsClaim]),
  };
}

/** The longest username `usernameField` accepts. */
const USERNAME_MAX = 64;

/**
 * A SpecHub username made from the provider's user name or else the email's local part
 * (`alice@corp.example` gives `alice`): lower-cased, other characters turned into `-`. Not yet
 * unique: the users service adds a suffix when it is taken.
 */
export function usernameBase(identity: Pick<ExternalIdentity, "username" | "email">): string {
  const source = identity.username ?? identity.email ?? "";
  const cleaned = (source.split("@")[0] ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, USERNAME_MAX);
  return cleaned.length >= 2 ? cleaned : "user";
}
