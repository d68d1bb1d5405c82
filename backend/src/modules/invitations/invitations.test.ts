import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, invitations, userTeams } from "../../db/schema.js";
import { sha256Hex } from "../../lib/crypto.js";
import { createTeamRow, createUserSession, login, registerAdmin, type Session, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import { ADDRESS_LIMIT_FACTOR } from "../auth/rate-limit.js";

const BASE = "/api/v1/auth/invitations";
const NEW_PASSWORD = "invited-user-password";

let t: TestContext;
let admin: Session;
let owner: Session;
let member: Session;
let ownedTeamId: string;
let ownedTeamName: string;
let subTeamId: string;
let siblingTeamId: string;

const freshEmail = () => `${unique("invitee")}@acme.test`;
const freshUsername = () => unique("joiner");

function invite(session: Session | null, payload: Record<string, unknown>) {
  return t.app.inject({ method: "POST", url: BASE, headers: session?.auth ?? {}, payload });
}

type CreatedInvitation = {
  id: string;
  token: string;
  link: string;
  email: string;
  team_id: string;
  team_ids: string[];
  role: string;
  expires_at: string;
};

async function createInvitation(
  payload: { email?: string; team_id?: string; team_ids?: string[]; role?: string } = {},
  by = admin,
) {
  const email = payload.email ?? freshEmail();
  const teams = payload.team_ids ? {} : { team_id: ownedTeamId };
  const response = await invite(by, { ...teams, ...payload, email });
  if (response.statusCode !== 201) throw new Error(`invite failed: ${response.statusCode} ${response.body}`);
  return response.json() as CreatedInvitation;
}

function regenerate(session: Session | null, id: string) {
  return t.app.inject({ method: "POST", url: `${BASE}/${id}/regenerate`, headers: session?.auth ?? {} });
}

function revoke(session: Session | null, id: string) {
  return t.app.inject({ method: "DELETE", url: `${BASE}/${id}`, headers: session?.auth ?? {} });
}

async function teamsOf(userId: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ teamId: userTeams.teamId })
    .from(userTeams)
    .where(eq(userTeams.userId, userId))
    .orderBy(asc(userTeams.position));
  return rows.map((row) => row.teamId);
}

function accept(token: string, payload: Record<string, unknown> = {}) {
  return t.app.inject({
    method: "POST",
    url: `${BASE}/${token}/accept`,
    payload: { username: freshUsername(), password: NEW_PASSWORD, ...payload },
  });
}

function preview(token: string) {
  return t.app.inject({ method: "GET", url: `${BASE}/token/${token}` });
}

function list(session: Session | null, query = "") {
  return t.app.inject({ method: "GET", url: `${BASE}${query}`, headers: session?.auth ?? {} });
}

async function expire(invitationId: string) {
  await t.database.db
    .update(invitations)
    .set({ expiresAt: new Date(Date.now() - 3_600_000) })
    .where(eq(invitations.id, invitationId));
}

beforeAll(async () => {
  t = await createTestContext();
  const db = t.database.db;
  admin = await registerAdmin(t.app);
  owner = await createUserSession(t.app, db, { teamId: admin.teamId });
  const ownedTeam = await createTeamRow(db, { parentTeamId: admin.teamId, ownerId: owner.userId });
  const subTeam = await createTeamRow(db, { parentTeamId: ownedTeam.id });
  const siblingTeam = await createTeamRow(db, { parentTeamId: admin.teamId });
  ownedTeamId = ownedTeam.id;
  ownedTeamName = ownedTeam.name;
  subTeamId = subTeam.id;
  siblingTeamId = siblingTeam.id;
  member = await createUserSession(t.app, db, { teamId: ownedTeamId });
});
afterAll(async () => t?.close());

describe("POST /auth/invitations", () => {
  it("lets an admin invite, returning the token once and storing only its hash", async () => {
    const before = Date.now();
    const response = await invite(admin, { email: "New.Person@Acme.test", team_id: ownedTeamId });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      email: "new.person@acme.test",
      team_id: ownedTeamId,
      team_ids: [ownedTeamId],
      role: "member",
      revoked_at: null,
      invited_by_id: admin.userId,
      accepted_at: null,
      status: "pending",
    });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(body.link).toMatch(new RegExp(`^http://localhost(:80)?/invite/${body.token}$`));
    const expiresIn = Date.parse(body.expires_at) - before;
    expect(expiresIn).toBeGreaterThan(71.9 * 3_600_000);
    expect(expiresIn).toBeLessThanOrEqual(72 * 3_600_000 + 60_000);

    const [row] = await t.database.db.select().from(invitations).where(eq(invitations.id, body.id));
    expect(row?.tokenHash).toBe(sha256Hex(body.token));
    expect(Object.values(row ?? {})).not.toContain(body.token);
  });

  it("lets an admin invite an admin", async () => {
    const invitation = await createInvitation({ role: "admin", team_id: admin.teamId });
    expect(invitation.role).toBe("admin");
  });

  it("lets a team owner invite into their team and the teams below it", async () => {
    for (const teamId of [ownedTeamId, subTeamId]) {
      const response = await invite(owner, { email: freshEmail(), team_id: teamId });
      expect(response.statusCode, teamId).toBe(201);
      expect(response.json().invited_by_id).toBe(owner.userId);
    }
  });

  it("refuses a team owner outside their subtree or inviting an admin", async () => {
    for (const teamId of [siblingTeamId, admin.teamId]) {
      const response = await invite(owner, { email: freshEmail(), team_id: teamId });
      expect(response.statusCode, teamId).toBe(403);
      expect(response.json().detail).toMatch(/owners of this team or a team above it/);
    }
    const asAdmin = await invite(owner, { email: freshEmail(), team_id: ownedTeamId, role: "admin" });
    expect(asAdmin.statusCode).toBe(403);
    expect(asAdmin.json().detail).toBe("Only admins may invite an admin");
  });

  it("refuses a member with 403 and an anonymous caller with 401", async () => {
    const asMember = await invite(member, { email: freshEmail(), team_id: ownedTeamId });
    expect(asMember.statusCode).toBe(403);
    const anonymous = await invite(null, { email: freshEmail(), team_id: ownedTeamId });
    expect(anonymous.statusCode).toBe(401);
  });

  it("answers 404 for an unknown team", async () => {
    const response = await invite(admin, { email: freshEmail(), team_id: randomUUID() });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe("Team not found");
  });

  it("rejects a bad role, email or team id with 422 naming the field", async () => {
    const response = await invite(admin, { email: "not-an-email", team_id: "nope", role: "owner" });
    expect(response.statusCode).toBe(422);
    const locs = response.json().detail.map((d: { loc: string[] }) => d.loc.join("."));
    expect(locs).toEqual(expect.arrayContaining(["body.email", "body.team_id", "body.role"]));
  });

  it("refuses a second pending invitation for the same email, in any case, pointing at regeneration", async () => {
    const email = freshEmail();
    const first = await createInvitation({ email });
    const again = await invite(admin, { email: email.toUpperCase(), team_id: subTeamId });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({
      code: "invitation_pending",
      invitation_id: first.id,
      detail: `Pending invitation already exists for ${email}: regenerate its link to get a new one (the old link stops working), or revoke it and invite again`,
    });
  });

  it("allows a new invitation once the previous one was revoked", async () => {
    const email = freshEmail();
    const first = await createInvitation({ email });
    expect((await revoke(admin, first.id)).statusCode).toBe(204);
    expect((await invite(admin, { email, team_id: ownedTeamId })).statusCode).toBe(201);
  });

  it("allows a new invitation once the previous one expired", async () => {
    const email = freshEmail();
    const first = await createInvitation({ email });
    await expire(first.id);
    const second = await invite(admin, { email, team_id: ownedTeamId });
    expect(second.statusCode).toBe(201);
  });

  it("refuses to invite an email that already has an account", async () => {
    const response = await invite(admin, { email: "ADMIN@acme.test", team_id: ownedTeamId });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe("User with email admin@acme.test already exists");
  });
});

describe("GET /auth/invitations/token/{token}", () => {
  it("shows what the invitation offers, without credentials", async () => {
    const invitation = await createInvitation({ role: "member" });
    const response = await preview(invitation.token);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      email: invitation.email,
      team_id: ownedTeamId,
      team_name: ownedTeamName,
      teams: [{ id: ownedTeamId, name: ownedTeamName }],
      role: "member",
      expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("answers 404 for an unknown token", async () => {
    const response = await preview("no-such-token");
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe("Invitation not found");
  });

  it("answers 410 for an accepted or an expired invitation", async () => {
    const used = await createInvitation();
    expect((await accept(used.token)).statusCode).toBe(201);
    const accepted = await preview(used.token);
    expect(accepted.statusCode).toBe(410);
    expect(accepted.json().detail).toBe("Invitation already accepted");

    const stale = await createInvitation();
    await expire(stale.id);
    const expired = await preview(stale.token);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().detail).toBe("Invitation expired");
  });

  it("says 'accepted' rather than 'expired' when both apply", async () => {
    const invitation = await createInvitation();
    expect((await accept(invitation.token)).statusCode).toBe(201);
    await expire(invitation.id);
    expect((await preview(invitation.token)).json().detail).toBe("Invitation already accepted");
  });
});

describe("POST /auth/invitations/{token}/accept", () => {
  it("creates the user with the invited team and role, signs them in and sets the cookie", async () => {
    const invitation = await createInvitation({ team_id: subTeamId });
    const username = freshUsername();
    const response = await accept(invitation.token, { username, display_name: "New Joiner" });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({
      username,
      display_name: "New Joiner",
      email: invitation.email,
      role: "member",
      team_id: subTeamId,
    });
    const cookie = response.cookies.find((c) => c.name === "pcp_session");
    expect(cookie?.value).toBe(body.token);
    expect(cookie?.httpOnly).toBe(true);

    const me = await t.app.inject({
      method: "GET",
      url: "/api/v1/auth/me",
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect(me.json()).toMatchObject({ id: body.user.id, role: "member", team_id: subTeamId });
    const session = await login(t.app, invitation.email, NEW_PASSWORD);
    expect(session.userId).toBe(body.user.id);
  });

  it("gives an invited admin the admin role, and defaults display_name to the username", async () => {
    const invitation = await createInvitation({ role: "admin", team_id: admin.teamId });
    const username = freshUsername();
    const response = await accept(invitation.token, { username });
    expect(response.statusCode).toBe(201);
    expect(response.json().user.display_name).toBe(username);
    const session = await login(t.app, username, NEW_PASSWORD);
    const me = await t.app.inject({ method: "GET", url: "/api/v1/auth/me", headers: session.auth });
    expect(me.json()).toMatchObject({ role: "admin", team_id: admin.teamId });
  });

  it("cannot be used twice", async () => {
    const invitation = await createInvitation();
    expect((await accept(invitation.token)).statusCode).toBe(201);
    const again = await accept(invitation.token);
    expect(again.statusCode).toBe(400);
    expect(again.json().detail).toBe("Invalid, expired, or already-used invitation");
  });

  it("lets only one of two simultaneous accepts win", async () => {
    const invitation = await createInvitation();
    const results = await Promise.all([accept(invitation.token), accept(invitation.token)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 400]);
  });

  it("answers 400 for an unknown or expired token", async () => {
    const unknown = await accept("no-such-token");
    expect(unknown.statusCode).toBe(400);
    const stale = await createInvitation();
    await expire(stale.id);
    const expired = await accept(stale.token);
    expect(expired.statusCode).toBe(400);
    expect(expired.json().detail).toBe("Invalid, expired, or already-used invitation");
  });

  it("answers 409 for a taken username and leaves the invitation usable", async () => {
    const invitation = await createInvitation();
    const taken = await accept(invitation.token, { username: admin.username });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().detail).toBe("Username or email already taken");
    expect((await preview(invitation.token)).statusCode).toBe(200);
    expect((await accept(invitation.token)).statusCode).toBe(201);
  });

  it("rejects a short password or a bad username with 422", async () => {
    const invitation = await createInvitation();
    const response = await accept(invitation.token, { username: "Not Valid!", password: "short" });
    expect(response.statusCode).toBe(422);
    const locs = response.json().detail.map((d: { loc: string[] }) => d.loc.join("."));
    expect(locs).toEqual(expect.arrayContaining(["body.username", "body.password"]));
    expect((await preview(invitation.token)).statusCode).toBe(200);
  });
});

describe("GET /auth/invitations", () => {
  it("shows an admin every invitation, newest first, with status and no tokens", async () => {
    const pending = await createInvitation({ team_id: siblingTeamId });
    const accepted = await createInvitation();
    expect((await accept(accepted.token)).statusCode).toBe(201);
    const expired = await createInvitation();
    await expire(expired.id);

    const response = await list(admin, "?status=all");
    expect(response.statusCode).toBe(200);
    const rows = response.json() as { id: string; token: string | null; status: string; created_at: string }[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(pending.id)?.status).toBe("pending");
    expect(byId.get(accepted.id)?.status).toBe("accepted");
    expect(byId.get(expired.id)?.status).toBe("expired");
    expect(rows.every((row) => row.token === null)).toBe(true);
    const times = rows.map((row) => Date.parse(row.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(response.body).not.toContain(pending.token);
  });

  it("lists pending invitations only when no status is given", async () => {
    const pending = await createInvitation();
    const expired = await createInvitation();
    await expire(expired.id);
    const rows = (await list(admin)).json() as { id: string; status: string; link: string | null }[];
    expect(rows.map((row) => row.id)).toContain(pending.id);
    expect(rows.map((row) => row.id)).not.toContain(expired.id);
    expect(rows.every((row) => row.status === "pending" && row.link === null)).toBe(true);
  });

  it("filters by status", async () => {
    const expired = await createInvitation();
    await expire(expired.id);
    const response = await list(admin, "?status=expired");
    expect(response.statusCode).toBe(200);
    const rows = response.json() as { id: string; status: string }[];
    expect(rows.map((row) => row.id)).toContain(expired.id);
    expect(rows.every((row) => row.status === "expired")).toBe(true);
    expect((await list(admin, "?status=bogus")).statusCode).toBe(422);
  });

  it("shows a team owner only the invitations of the teams they manage", async () => {
    const mine = await createInvitation({ team_id: subTeamId });
    const theirs = await createInvitation({ team_id: siblingTeamId });
    const response = await list(owner, "?status=all");
    expect(response.statusCode).toBe(200);
    const rows = response.json() as { id: string; team_id: string }[];
    expect(rows.map((row) => row.id)).toContain(mine.id);
    expect(rows.map((row) => row.id)).not.toContain(theirs.id);
    expect(rows.every((row) => [ownedTeamId, subTeamId].includes(row.team_id))).toBe(true);
  });

  it("refuses a member with 403 and an anonymous caller with 401", async () => {
    expect((await list(member)).statusCode).toBe(403);
    expect((await list(null)).statusCode).toBe(401);
  });
});

describe("DELETE /auth/invitations/{invitation_id}", () => {
  it("revokes an invitation: its link stops working, saying so, and the row stays listed as revoked", async () => {
    const invitation = await createInvitation();
    const response = await revoke(admin, invitation.id);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");

    const looked = await preview(invitation.token);
    expect(looked.statusCode).toBe(410);
    expect(looked.json()).toMatchObject({
      code: "invitation_revoked",
      detail: "Invitation revoked: this link no longer works; ask for a new one",
    });
    const accepted = await accept(invitation.token);
    expect(accepted.statusCode).toBe(400);
    expect(accepted.json()).toMatchObject({ code: "invitation_revoked", detail: expect.stringMatching(/revoked/) });

    const revokedList = (await list(admin, "?status=revoked")).json() as { id: string; status: string }[];
    const row = revokedList.find((item) => item.id === invitation.id);
    expect(row).toMatchObject({ status: "revoked", revoked_at: expect.stringMatching(/^\d{4}-/) });
    expect(revokedList.every((item) => item.status === "revoked")).toBe(true);
    const pendingList = (await list(admin)).json() as { id: string }[];
    expect(pendingList.map((item) => item.id)).not.toContain(invitation.id);

    const again = await revoke(admin, invitation.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe(`The invitation for ${invitation.email} is already revoked`);
  });

  it("refuses to revoke an accepted invitation with 409, and an unknown one with 404", async () => {
    const invitation = await createInvitation();
    expect((await accept(invitation.token)).statusCode).toBe(201);
    const response = await revoke(admin, invitation.id);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: "invitation_accepted",
      detail: `Cannot revoke the invitation for ${invitation.email}: it was already accepted`,
    });
    const unknown = await revoke(admin, randomUUID());
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe("Invitation not found");
  });

  it("records the revocation in the audit log", async () => {
    const invitation = await createInvitation();
    expect((await revoke(admin, invitation.id)).statusCode).toBe(204);
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, invitation.id));
    const revoked = events.find((event) => event.action === "invitation.revoked");
    expect(revoked?.actorUserId).toBe(admin.userId);
    expect(revoked?.changes?.after).toMatchObject({ status: "revoked" });
  });

  it("lets a team owner revoke within their subtree only", async () => {
    const mine = await createInvitation({ team_id: subTeamId });
    expect((await revoke(owner, mine.id)).statusCode).toBe(204);
    const theirs = await createInvitation({ team_id: siblingTeamId });
    expect((await revoke(owner, theirs.id)).statusCode).toBe(403);
    expect((await preview(theirs.token)).statusCode).toBe(200);
  });

  it("refuses a member with 403 and an anonymous caller with 401", async () => {
    const invitation = await createInvitation();
    expect((await revoke(member, invitation.id)).statusCode).toBe(403);
    expect((await revoke(null, invitation.id)).statusCode).toBe(401);
    expect((await preview(invitation.token)).statusCode).toBe(200);
  });

  it("answers 422 for a malformed id", async () => {
    const response = await revoke(admin, "not-a-uuid");
    expect(response.statusCode).toBe(422);
    expect(response.json().detail[0].loc).toEqual(["path", "invitation_id"]);
  });
});

describe("POST /auth/invitations/{invitation_id}/regenerate", () => {
  it("returns a new token and link; the old token stops working at once and the new one works", async () => {
    const invitation = await createInvitation({ team_ids: [ownedTeamId, siblingTeamId] });
    await t.database.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() + 3_600_000) })
      .where(eq(invitations.id, invitation.id));
    const before = Date.now();
    const response = await regenerate(admin, invitation.id);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      id: invitation.id,
      email: invitation.email,
      team_ids: [ownedTeamId, siblingTeamId],
      status: "pending",
    });
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(body.token).not.toBe(invitation.token);
    expect(body.link).toMatch(new RegExp(`/invite/${body.token}$`));
    // Extended like a fresh invitation: the default 72 hours from now, not the hour left.
    expect(Date.parse(body.expires_at) - before).toBeGreaterThan(71.9 * 3_600_000);

    const oldPreview = await preview(invitation.token);
    expect(oldPreview.statusCode).toBe(404);
    const oldAccept = await accept(invitation.token);
    expect(oldAccept.statusCode).toBe(400);
    expect((await preview(body.token)).statusCode).toBe(200);
    const joined = await accept(body.token);
    expect(joined.statusCode).toBe(201);
    expect(await teamsOf(joined.json().user.id)).toEqual([ownedTeamId, siblingTeamId]);

    const [row] = await t.database.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row?.tokenHash).toBe(sha256Hex(body.token));
  });

  it("records the regeneration in the audit log, without any token", async () => {
    const invitation = await createInvitation();
    const response = await regenerate(admin, invitation.id);
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, invitation.id));
    const regenerated = events.find((event) => event.action === "invitation.regenerated");
    expect(regenerated?.actorUserId).toBe(admin.userId);
    expect(JSON.stringify(events)).not.toContain(response.json().token);
    expect(JSON.stringify(events)).not.toContain(invitation.token);
  });

  it("answers 409 naming why for accepted, revoked and expired invitations", async () => {
    const accepted = await createInvitation();
    expect((await accept(accepted.token)).statusCode).toBe(201);
    const revoked = await createInvitation();
    expect((await revoke(admin, revoked.id)).statusCode).toBe(204);
    const expired = await createInvitation();
    await expire(expired.id);

    const cases = [
      [accepted, "invitation_accepted", "it was already accepted"],
      [revoked, "invitation_revoked", "it was revoked; invite them again instead"],
      [expired, "invitation_expired", "it has expired; invite them again instead"],
    ] as const;
    for (const [invitation, code, why] of cases) {
      const response = await regenerate(admin, invitation.id);
      expect(response.statusCode, code).toBe(409);
      expect(response.json()).toEqual({
        code,
        detail: `Cannot regenerate the link of the invitation for ${invitation.email}: ${why}`,
      });
    }
    expect((await regenerate(admin, randomUUID())).statusCode).toBe(404);
  });

  it("follows the revoke rights: team owners in their subtree, never members or anonymous callers", async () => {
    const mine = await createInvitation({ team_id: subTeamId });
    expect((await regenerate(owner, mine.id)).statusCode).toBe(200);
    const theirs = await createInvitation({ team_id: siblingTeamId });
    expect((await regenerate(owner, theirs.id)).statusCode).toBe(403);
    expect((await regenerate(member, theirs.id)).statusCode).toBe(403);
    expect((await regenerate(null, theirs.id)).statusCode).toBe(401);
    expect((await preview(theirs.token)).statusCode).toBe(200);
  });
});

describe("invitations into several teams", () => {
  it("stores the primary team first and the others in order, and the lookup names them all", async () => {
    const invitation = await createInvitation({ team_ids: [subTeamId, ownedTeamId, siblingTeamId] });
    expect(invitation).toMatchObject({ team_id: subTeamId, team_ids: [subTeamId, ownedTeamId, siblingTeamId] });
    const [row] = await t.database.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(row).toMatchObject({ teamId: subTeamId, otherTeamIds: [ownedTeamId, siblingTeamId] });

    const looked = (await preview(invitation.token)).json();
    expect(looked.team_id).toBe(subTeamId);
    expect(looked.teams.map((team: { id: string }) => team.id)).toEqual([subTeamId, ownedTeamId, siblingTeamId]);
    expect(looked.teams[1].name).toBe(ownedTeamName);

    const listed = (await list(admin)).json() as { id: string; team_ids: string[] }[];
    expect(listed.find((item) => item.id === invitation.id)?.team_ids).toEqual([subTeamId, ownedTeamId, siblingTeamId]);
  });

  it("puts the new user in every team, the primary team first, and audits the teams joined", async () => {
    const invitation = await createInvitation({ team_ids: [siblingTeamId, subTeamId] });
    const joined = await accept(invitation.token);
    expect(joined.statusCode).toBe(201);
    const user = joined.json().user;
    expect(user.team_id).toBe(siblingTeamId);
    expect(await teamsOf(user.id)).toEqual([siblingTeamId, subTeamId]);
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, invitation.id));
    expect(events.find((event) => event.action === "invitation.accepted")?.changes?.after).toMatchObject({
      team_ids: [siblingTeamId, subTeamId],
    });
  });

  it("skips a secondary team deleted before the invitation is accepted", async () => {
    const doomed = await createTeamRow(t.database.db, { parentTeamId: admin.teamId });
    const invitation = await createInvitation({ team_ids: [ownedTeamId, doomed.id, siblingTeamId] });
    const removed = await t.app.inject({ method: "DELETE", url: `/api/v1/teams/${doomed.id}`, headers: admin.auth });
    expect(removed.statusCode).toBe(204);
    expect((await preview(invitation.token)).json().teams.map((team: { id: string }) => team.id)).toEqual([
      ownedTeamId,
      siblingTeamId,
    ]);
    const joined = await accept(invitation.token);
    expect(joined.statusCode).toBe(201);
    expect(await teamsOf(joined.json().user.id)).toEqual([ownedTeamId, siblingTeamId]);
  });

  it("accepts team_id together with team_ids only when it is the first of them", async () => {
    const same = await invite(admin, { email: freshEmail(), team_id: subTeamId, team_ids: [subTeamId, ownedTeamId] });
    expect(same.statusCode).toBe(201);
    const other = await invite(admin, { email: freshEmail(), team_id: ownedTeamId, team_ids: [subTeamId] });
    expect(other.statusCode).toBe(422);
    expect(other.json().detail[0]).toMatchObject({
      loc: ["body", "team_id"],
      msg: "team_id must be the first of team_ids (the primary team)",
    });
  });

  it("rejects duplicates, an empty list and no team at all with 422", async () => {
    const duplicate = await invite(admin, { email: freshEmail(), team_ids: [subTeamId, ownedTeamId, subTeamId] });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.json().detail[0]).toMatchObject({
      loc: ["body", "team_ids"],
      msg: "team_ids names a team more than once",
    });
    const empty = await invite(admin, { email: freshEmail(), team_ids: [] });
    expect(empty.statusCode).toBe(422);
    const none = await invite(admin, { email: freshEmail() });
    expect(none.statusCode).toBe(422);
    expect(none.json().detail[0].loc).toEqual(["body", "team_ids"]);
  });

  it("answers 404 when any team is unknown, and 403 when the inviter may not invite into one of them", async () => {
    const unknown = await invite(admin, { email: freshEmail(), team_ids: [ownedTeamId, randomUUID()] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toBe("Team not found");
    const outside = await invite(owner, { email: freshEmail(), team_ids: [ownedTeamId, siblingTeamId] });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().detail).toMatch(/owners of this team or a team above it may invite people/);
    const inside = await invite(owner, { email: freshEmail(), team_ids: [ownedTeamId, subTeamId] });
    expect(inside.statusCode).toBe(201);
  });
});

describe("rate limit", () => {
  it("answers 429 after repeated attempts at one token, and after one address tried many", async () => {
    const limited = await createTestContext({ AUTH_RATE_LIMIT_MAX: "2" });
    try {
      const attempt = (token: string, remoteAddress = "127.0.0.1") =>
        limited.app.inject({
          method: "POST",
          url: `${BASE}/${token}/accept`,
          remoteAddress,
          payload: { username: "someone", password: NEW_PASSWORD },
        });
      for (let i = 0; i < 2; i++) expect((await attempt("no-such-token")).statusCode).toBe(400);
      const blocked = await attempt("no-such-token");
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json()).toMatchObject({ code: "rate_limited", detail: expect.stringMatching(/for this account/) });

      const guesses = Array.from({ length: 2 * ADDRESS_LIMIT_FACTOR }, (_, i) => `guess-${i}`);
      for (const token of guesses) expect((await attempt(token, "198.51.100.20")).statusCode).toBe(400);
      const sprayed = await attempt("guess-last", "198.51.100.20");
      expect(sprayed.statusCode).toBe(429);
      expect(sprayed.json().detail).toMatch(/^Too many attempts from this address/);
      expect(Number(sprayed.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
