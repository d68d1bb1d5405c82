import type { FastifyInstance } from "fastify";
import type { Db } from "../db/client.js";
import type { Role } from "../db/schema.js";
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

/** Registers the organization's first admin through the API. */
export async function registerAdmin(app: FastifyInstance, overrides: Record<string, string> = {}): Promise<Session> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/register",
    payload: {
      org_name: "Acme",
      org_slug: "acme",
      email: "admin@acme.test",
      username: "admin",
      password: TEST_PASSWORD,
      ...overrides,
    },
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
