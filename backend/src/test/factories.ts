import type { FastifyInstance } from "fastify";
import type { Db } from "../db/client.js";
import { projects, type Role } from "../db/schema.js";
import { hashPassword } from "../lib/crypto.js";
import { createTeam } from "../modules/teams/teams.repository.js";
import { createUser } from "../modules/users/users.repository.js";

export const TEST_PASSWORD = "correct-horse-battery";
let passwordHash: Promise<string> | undefined;

let counter = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

export type Session = {
  token: string;
  userId: string;
  teamId: string;
  username: string;
  auth: { authorization: string };
};

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The body of the first admin's registration that `registerAdmin` sends. */
export const ADMIN_REGISTRATION = {
  org_name: "Acme",
  org_slug: "acme",
  email: "admin@acme.test",
  username: "admin",
  password: TEST_PASSWORD,
};

/** Registers the organization's first admin through the API. */
export async function registerAdmin(app: FastifyInstance, overrides: Record<string, string> = {}): Promise<Session> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/register",
    payload: { ...ADMIN_REGISTRATION, ...overrides },
  });
  if (response.statusCode !== 201) throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  const body = response.json();
  return {
    token: body.token,
    userId: body.user.id,
    teamId: body.user.team_id,
    username: body.user.username,
    auth: bearer(body.token),
  };
}

export async function login(app: FastifyInstance, loginName: string, password = TEST_PASSWORD): Promise<Session> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email: loginName, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const body = response.json();
  return {
    token: body.token,
    userId: body.user.id,
    teamId: body.user.team_id,
    username: body.user.username,
    auth: bearer(body.token),
  };
}

/** Inserts a user with the shared test password straight into the database and signs them in. */
export async function createUserSession(
  app: FastifyInstance,
  db: Db,
  options: { teamId: string; role?: Role; username?: string; email?: string },
): Promise<Session> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const username = options.username ?? unique("user").toLowerCase();
  await createUser(db, {
    teamId: options.teamId,
    username,
    email: options.email ?? `${username}@acme.test`,
    passwordHash: await passwordHash,
    role: options.role ?? "member",
  });
  return login(app, username);
}

export async function createTeamRow(
  db: Db,
  options: { parentTeamId?: string | null; ownerId?: string | null; name?: string },
) {
  const slug = unique("team").toLowerCase();
  return createTeam(db, {
    name: options.name ?? slug,
    slug,
    parentTeamId: options.parentTeamId ?? null,
    ownerId: options.ownerId ?? null,
  });
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** `send(method, url, session, payload)` for one app: a request as `session`, or anonymous with null. */
export function sender(app: FastifyInstance) {
  return (method: Method, url: string, session: Session | null, payload?: object) =>
    app.inject({ method, url, headers: session?.auth ?? {}, ...(payload ? { payload } : {}) });
}

/** Creates a prompt named `name` with version "1" through the API, as `session`; its name. */
export async function createPromptThroughApi(
  app: FastifyInstance,
  session: Session,
  name: string,
  version: Record<string, unknown>,
  visibility: string,
): Promise<string> {
  const response = await sender(app)("POST", "/api/v1/prompts", session, {
    name,
    visibility,
    version: { version: "1", ...version },
  });
  if (response.statusCode !== 201)
    throw new Error(`creating prompt '${name}' answered ${response.statusCode}: ${response.body}`);
  return name;
}

export type GovernanceOrg = {
  admin: Session;
  /** Owns `ownedTeamId`, a child of the root team, and so manages it and `subTeamId`. */
  owner: Session;
  /** Both in `subTeamId`. */
  member: Session;
  colleague: Session;
  /** Both in `siblingTeamId`, outside the owner's subtree; `lead` leads `projectId`. */
  outsider: Session;
  lead: Session;
  ownedTeamId: string;
  subTeamId: string;
  siblingTeamId: string;
  /** A project of `subTeamId`. */
  projectId: string;
};

/** root (admin) → owned team (owner) → sub-team (member, colleague); sibling team (outsider, lead); a project of the sub-team. */
export async function createGovernanceOrg(app: FastifyInstance, db: Db): Promise<GovernanceOrg> {
  const admin = await registerAdmin(app);
  const owner = await createUserSession(app, db, { teamId: admin.teamId });
  const ownedTeamId = (await createTeamRow(db, { parentTeamId: admin.teamId, ownerId: owner.userId })).id;
  const subTeamId = (await createTeamRow(db, { parentTeamId: ownedTeamId })).id;
  const siblingTeamId = (await createTeamRow(db, { parentTeamId: admin.teamId })).id;
  const member = await createUserSession(app, db, { teamId: subTeamId });
  const colleague = await createUserSession(app, db, { teamId: subTeamId });
  const outsider = await createUserSession(app, db, { teamId: siblingTeamId });
  const lead = await createUserSession(app, db, { teamId: siblingTeamId });
  const slug = unique("proj").toLowerCase();
  const [project] = await db
    .insert(projects)
    .values({ teamId: subTeamId, leadUserId: lead.userId, name: slug, slug })
    .returning();
  if (!project) throw new Error("no project");
  return {
    admin,
    owner,
    member,
    colleague,
    outsider,
    lead,
    ownedTeamId,
    subTeamId,
    siblingTeamId,
    projectId: project.id,
  };
}
