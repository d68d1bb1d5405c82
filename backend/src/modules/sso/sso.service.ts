import type { FastifyBaseLogger } from "fastify";
import type { OidcConfig } from "../../config.js";
import type { Db } from "../../db/client.js";
import { markChanged } from "../../db/read-cache.js";
import { isUniqueViolation } from "../../http/errors.js";
import type { AuthUser, RequestOrigin } from "../../http/types.js";
import { type AnonymousActor, recordAudit } from "../audit/audit.recorder.js";
import { hasOrganization } from "../auth/auth.service.js";
import { signedInPrincipal, toAuthUser } from "../auth/principal.js";
import { completeInvitation, takePendingInvitation } from "../invitations/invitations.service.js";
import { findOrganizationRootTeam, findTeamWithSlug } from "../teams/teams.service.js";
import {
  applyDirectoryRole,
  findUserByExternalAccount,
  findUserWithEmail,
  freeUsername,
  insertAccount,
  linkExternalIdentity,
} from "../users/users.service.js";
import type { UserRow } from "../users/users.types.js";
import { type ExternalIdentity, usernameBase } from "./external-identity.js";
import { applyGroupRules, type RuleOutcome } from "./group-rules.js";
import { SsoError } from "./sso-errors.js";

export type SsoPolicy = Pick<OidcConfig, "allowedEmailDomains" | "defaultTeam" | "groupRules">;

type Context = { db: Db; policy: SsoPolicy; log: FastifyBaseLogger; origin?: RequestOrigin };

const userRef = (user: UserRow) => ({ id: user.id, username: user.username, teamId: user.teamId });

/** Role changes made by the group rules have no person behind them. */
const rulesActor = (origin: RequestOrigin | undefined): AnonymousActor => ({
  anonymous: true,
  name: "single sign-on group rules",
  origin,
});

/**
 * Signs in the person the identity provider vouched for: the account tied to their provider
 * account; else the local account holding the email the provider says is verified, which is
 * then tied to it; else a new account (just-in-time), placed by a pending invitation for that
 * email, the group rules, the default team or the root team, in that order. Refusals are
 * `SsoError`s naming the reason.
 */
export async function signInExternalUser(context: Context, identity: ExternalIdentity): Promise<AuthUser> {
  if (!(await hasOrganization(context.db))) {
    throw new SsoError("sso_no_organization", "No organization is registered yet: its first admin registers first");
  }
  assertEmailDomainAllowed(context.policy, identity);
  try {
    return await signIn(context, identity);
  } catch (error) {
    // Two first sign-ins of one person at once: the loser finds the account the winner made.
    if (!isUniqueViolation(error)) throw error;
    try {
      return await signIn(context, identity);
    } catch (retryError) {
      if (!isUniqueViolation(retryError)) throw retryError;
      throw new SsoError("sso_email_taken", "Another account took this email or user name meanwhile");
    }
  }
}

function assertEmailDomainAllowed(policy: SsoPolicy, identity: ExternalIdentity): void {
  if (policy.allowedEmailDomains.length === 0 || !identity.providesEmail) return;
  const domain = identity.email?.split("@")[1];
  if (!identity.email || identity.emailVerified === false || !domain || !policy.allowedEmailDomains.includes(domain)) {
    throw new SsoError(
      "sso_domain_not_allowed",
      `Sign-in with ${identity.email ?? "no email"}${identity.emailVerified === false ? " (unverified)" : ""} is not allowed: allowed domains are ${policy.allowedEmailDomains.join(", ")}`,
    );
  }
}

async function signIn(context: Context, identity: ExternalIdentity): Promise<AuthUser> {
  const { db, policy } = context;
  const rules = applyGroupRules(policy.groupRules, identity.groups);
  const known = await findUserByExternalAccount(db, identity.issuer, identity.subject);
  if (known) return signInExisting(context, known, rules, false);
  if (identity.email && identity.emailVerified === true) {
    const holder = await findUserWithEmail(db, identity.email);
    if (holder?.externalSubject) {
      throw new SsoError(
        "sso_email_taken",
        `The account holding ${identity.email} signs in with another identity provider account`,
        userRef(holder),
      );
    }
    if (holder) return signInExisting(context, holder, rules, true, identity);
  }
  if (identity.email && (await findUserWithEmail(db, identity.email))) {
    throw new SsoError(
      "sso_email_taken",
      `An account already holds ${identity.email}, and the provider does not say the email is verified`,
    );
  }
  return createAccount(context, identity, rules);
}

/**
 * An existing account: tied to the provider account first when found by email, and given the
 * role the group rules call for when rules are configured (without rules, roles stay as admins set them).
 */
async function signInExisting(
  { db, policy, origin }: Context,
  user: UserRow,
  rules: RuleOutcome,
  link: boolean,
  identity?: ExternalIdentity,
): Promise<AuthUser> {
  if (!user.isActive) throw new SsoError("sso_account_inactive", "This account is deactivated", userRef(user));
  const row = await db.transaction(async (tx) => {
    let current = user;
    if (link && identity)
      current = await linkExternalIdentity(tx, signedInPrincipal(current, origin), current, identity);
    if (policy.groupRules.length > 0) current = await applyDirectoryRole(tx, rulesActor(origin), current, rules.role);
    await recordSignIn(tx, current, origin);
    return current;
  });
  if (link || row.role !== user.role) markChanged(db, "identities");
  return toAuthUser(row);
}

async function createAccount(context: Context, identity: ExternalIdentity, rules: RuleOutcome): Promise<AuthUser> {
  const { db, origin } = context;
  const row = await db.transaction(async (tx) => {
    // An invitation is for the holder of its email: only a verified email may claim it.
    const invitation =
      identity.email && identity.emailVerified === true ? await takePendingInvitation(tx, identity.email) : null;
    const teamId = invitation?.teamId ?? (await teamFor({ ...context, db: tx }, rules));
    const username = await freeUsername(tx, usernameBase(identity));
    const user = await insertAccount(
      tx,
      {
        teamId,
        username,
        displayName: identity.displayName ?? username,
        email: identity.email,
        passwordHash: null,
        role: invitation?.role === "admin" || rules.role === "admin" ? "admin" : "member",
        externalIssuer: identity.issuer,
        externalSubject: identity.subject,
      },
      (created) => signedInPrincipal(created, origin),
    );
    if (invitation) await completeInvitation(tx, signedInPrincipal(user, origin), invitation);
    await recordSignIn(tx, user, origin);
    return user;
  });
  markChanged(db, "users");
  return toAuthUser(row);
}

/** The team a rule names, else the default team, else the root team; a slug no team has is passed over. */
async function teamFor({ db, policy, log }: Context, rules: RuleOutcome): Promise<string> {
  for (const slug of [rules.teamSlug, policy.defaultTeam]) {
    if (!slug) continue;
    const team = await findTeamWithSlug(db, slug);
    if (team) return team.id;
    log.warn({ team: slug }, "single sign-on: no team has this slug; the new user goes to the next choice");
  }
  const root = await findOrganizationRootTeam(db);
  if (!root) throw new SsoError("sso_no_organization", "No organization is registered yet");
  return root.id;
}

async function recordSignIn(tx: Db, user: UserRow, origin: RequestOrigin | undefined): Promise<void> {
  await recordAudit(tx, signedInPrincipal(user, origin), {
    action: "auth.signed_in",
    target: { type: "user", id: user.id, name: user.username },
    teamId: user.teamId,
    after: { method: "sso" },
  });
}

/** A sign-in that ended without a session, with the name the provider gave when it got that far. */
export async function recordSsoFailure(
  db: Db,
  error: SsoError,
  origin: RequestOrigin | undefined,
  identity?: ExternalIdentity,
): Promise<void> {
  await recordAudit(
    db,
    { anonymous: true, name: (identity?.email ?? identity?.username ?? null)?.slice(0, 254), origin },
    {
      action: "auth.sign_in_failed",
      target: { type: "user", id: error.user?.id ?? null, name: error.user?.username ?? null },
      teamId: error.user?.teamId ?? null,
      after: { method: "sso", reason: error.code },
    },
  );
}
