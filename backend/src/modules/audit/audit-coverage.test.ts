import { desc, gt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.js";
import {
  apiKeys,
  auditEvents,
  invitations,
  oauthAuthorizationRequests,
  oauthClients,
  oauthTokens,
  users,
} from "../../db/schema.js";
import { type Session, sender, unique } from "../../test/factories.js";
import { createTestContext, type TestContext } from "../../test/harness.js";
import {
  approvedCode,
  authorize,
  consentRequestId,
  LOOPBACK_CALLBACK,
  registerClient,
  signInClient,
} from "../../test/oauth.js";

/**
 * Every route of the OpenAPI document that can change something must leave an audit event.
 * The walk below finds each mutating route in the document and makes a valid request through
 * the fixture listed for it; a route without a fixture fails the test, so a route added later
 * comes with its event (or is marked read-only with `config: { readOnly: true }`).
 */

let t: TestContext;
let db: Db;
let send: ReturnType<typeof sender>;

type Method = "POST" | "PUT" | "PATCH" | "DELETE";
/** `url` is under `/api/v1`, or at the root with `atRoot` (the OAuth server's own endpoints). */
type Call = { method: Method; url: string; session: Session | null; payload?: object; atRoot?: boolean };
type World = {
  /** The first admin, once the registration fixture has run. */
  admin: Session;
  /** Every secret a fixture used or received: none may appear in any event. */
  secrets: string[];
};

/** Families this walk leaves to others, each with the reason. */
const NOT_WALKED: { pattern: RegExp; why: string }[] = [
  { pattern: /^\/mcp(\/|$)/, why: "the MCP door: its tools call the same services as the REST routes" },
];

const API = "/api/v1";
const PASSWORD = "audited-password-1";
let world: World;

async function call(session: Session | null, method: Method | "GET", url: string, payload?: object) {
  const response = await send(method, `${API}${url}`, session, payload);
  if (response.statusCode >= 300) throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
  return response.body ? response.json() : null;
}

const bearer = (token: string, userId: string, teamId: string, username: string): Session => ({
  token,
  userId,
  teamId,
  username,
  auth: { authorization: `Bearer ${token}` },
});

async function newTeam(parentTeamId = world.admin.teamId): Promise<string> {
  const slug = unique("walk").toLowerCase();
  return (await call(world.admin, "POST", "/teams", { name: slug, slug, parent_team_id: parentTeamId })).id;
}

async function newUser(): Promise<{ id: string; username: string }> {
  const username = unique("walker").toLowerCase();
  const user = await call(world.admin, "POST", "/users", {
    username,
    email: `${username}@acme.test`,
    team_id: world.admin.teamId,
    password: PASSWORD,
  });
  return { id: user.id, username };
}

async function signIn(username: string): Promise<Session> {
  const body = await call(null, "POST", "/auth/login", { username, password: PASSWORD });
  world.secrets.push(body.token);
  return bearer(body.token, body.user.id, body.user.team_id, body.user.username);
}

async function newProject(): Promise<string> {
  const slug = unique("walk-project").toLowerCase();
  return (await call(world.admin, "POST", "/projects", { team_id: world.admin.teamId, name: slug, slug })).id;
}

const policyBody = () => ({
  team_id: world.admin.teamId,
  name: unique("policy"),
  enforcement_type: "prepend",
  content: "Be kind.",
});

async function newKey(): Promise<string> {
  const created = await call(world.admin, "POST", "/api-keys", { name: unique("key"), scopes: ["read"] });
  world.secrets.push(created.raw_key);
  return created.key.id;
}

async function newInvitation(): Promise<{ id: string; token: string }> {
  const created = await call(world.admin, "POST", "/auth/invitations", {
    email: `${unique("invitee")}@acme.test`,
    team_id: world.admin.teamId,
  });
  world.secrets.push(created.token);
  return { id: created.id, token: created.token };
}

async function newWorkflow(): Promise<string> {
  return (await call(world.admin, "POST", "/workflows", { name: unique("walk-wf"), steps: [] })).id;
}

/** An `org` prompt with versions 1 and 2, owned by `owner`; its name. */
async function newPrompt(owner: Session = world.admin): Promise<string> {
  const name = unique("walk-prompt").toLowerCase();
  await call(owner, "POST", "/prompts", { name, visibility: "org", version: { version: "1", user_template: "Hi" } });
  await call(owner, "PUT", `/prompts/${name}`, { version: "2", user_template: "Hello", change_note: "Warmer" });
  return name;
}

const PROTECTED = "walk-protected";

/** A change request a member opened by moving a protected label; its id and author. */
async function newChangeRequest(): Promise<{ id: string; author: Session }> {
  await call(world.admin, "PATCH", "/settings", { protected_labels: [PROTECTED] });
  const author = await signIn((await newUser()).username);
  const name = await newPrompt(author);
  const proposed = await call(author, "PUT", `/prompts/${name}/labels/${PROTECTED}`, { version: "2" });
  return { id: proposed.id, author };
}

/**
 * An inactive webhook (nothing is sent to it) at a public address, so the URL check passes with
 * private addresses refused; its secret is among those no event may hold.
 */
async function newWebhook(): Promise<string> {
  const created = await call(world.admin, "POST", "/webhooks", {
    url: "https://93.184.215.14/hooks/spechub",
    events: ["policy.changed"],
    active: false,
  });
  world.secrets.push(created.secret);
  return created.id;
}

/** An app's tokens for the admin, kept among the secrets no event may hold. */
async function newOAuthTokens() {
  const tokens = await signInClient(t.app, world.admin);
  world.secrets.push(tokens.access_token, tokens.refresh_token);
  return tokens;
}

/** An authorization request waiting for consent; its id. */
async function newConsentRequest(): Promise<string> {
  const { client_id } = await registerClient(t.app);
  return consentRequestId(String((await authorize(t.app, { clientId: client_id })).headers.location));
}

/** For each mutating route of the document: the event it writes and how to make a valid request. */
const FIXTURES: Record<string, { action: string; request: () => Promise<Call> }> = {
  "POST /api/v1/webhooks": {
    action: "webhook.created",
    request: async () => ({
      method: "POST",
      url: "/webhooks",
      session: world.admin,
      payload: { url: "https://93.184.215.14/hooks/new", events: ["prompt.deprecated"], active: false },
    }),
  },
  "PATCH /api/v1/webhooks/{webhook_id}": {
    action: "webhook.updated",
    request: async () => ({
      method: "PATCH",
      url: `/webhooks/${await newWebhook()}`,
      session: world.admin,
      payload: { description: "Deploy bot" },
    }),
  },
  "DELETE /api/v1/webhooks/{webhook_id}": {
    action: "webhook.deleted",
    request: async () => ({ method: "DELETE", url: `/webhooks/${await newWebhook()}`, session: world.admin }),
  },
  "POST /api/v1/webhooks/{webhook_id}/secret": {
    action: "webhook.secret_rotated",
    request: async () => ({ method: "POST", url: `/webhooks/${await newWebhook()}/secret`, session: world.admin }),
  },
  "POST /api/v1/webhooks/{webhook_id}/test": {
    action: "webhook.test_sent",
    request: async () => ({ method: "POST", url: `/webhooks/${await newWebhook()}/test`, session: world.admin }),
  },
  "POST /api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver": {
    action: "webhook.redelivered",
    request: async () => {
      const id = await newWebhook();
      const delivery = await call(world.admin, "POST", `/webhooks/${id}/test`);
      return { method: "POST", url: `/webhooks/${id}/deliveries/${delivery.id}/redeliver`, session: world.admin };
    },
  },
  "POST /api/v1/auth/register": {
    action: "auth.registered",
    request: async () => ({
      method: "POST",
      url: "/auth/register",
      session: null,
      payload: { org_name: "Acme", org_slug: "acme", email: "admin@acme.test", username: "admin", password: PASSWORD },
    }),
  },
  "POST /api/v1/auth/login": {
    action: "auth.signed_in",
    request: async () => ({
      method: "POST",
      url: "/auth/login",
      session: null,
      payload: { email: "admin@acme.test", password: PASSWORD },
    }),
  },
  "POST /api/v1/auth/logout": {
    action: "auth.signed_out",
    request: async () => ({ method: "POST", url: "/auth/logout", session: await signIn((await newUser()).username) }),
  },
  "POST /api/v1/users": {
    action: "user.created",
    request: async () => {
      const username = unique("created").toLowerCase();
      return {
        method: "POST",
        url: "/users",
        session: world.admin,
        payload: { username, team_id: world.admin.teamId, password: "created-password-2" },
      };
    },
  },
  "PUT /api/v1/users/{user_id}": {
    action: "user.updated",
    request: async () => ({
      method: "PUT",
      url: `/users/${(await newUser()).id}`,
      session: world.admin,
      payload: { display_name: "Renamed" },
    }),
  },
  "DELETE /api/v1/users/{user_id}": {
    action: "user.deactivated",
    request: async () => ({ method: "DELETE", url: `/users/${(await newUser()).id}`, session: world.admin }),
  },
  "POST /api/v1/users/{user_id}/api-keys": {
    action: "api_key.created",
    request: async () => ({
      method: "POST",
      url: `/users/${(await newUser()).id}/api-keys`,
      session: world.admin,
      payload: { name: "laptop", scopes: ["read", "expand"] },
    }),
  },
  "POST /api/v1/api-keys": {
    action: "api_key.created",
    request: async () => ({ method: "POST", url: "/api-keys", session: world.admin, payload: { name: "ci" } }),
  },
  "DELETE /api/v1/api-keys/{key_id}": {
    action: "api_key.revoked",
    request: async () => ({ method: "DELETE", url: `/api-keys/${await newKey()}`, session: world.admin }),
  },
  "POST /api/v1/teams": {
    action: "team.created",
    request: async () => {
      const slug = unique("team").toLowerCase();
      return {
        method: "POST",
        url: "/teams",
        session: world.admin,
        payload: { name: slug, slug, parent_team_id: world.admin.teamId },
      };
    },
  },
  "PUT /api/v1/teams/{team_id}": {
    action: "team.updated",
    request: async () => ({
      method: "PUT",
      url: `/teams/${await newTeam()}`,
      session: world.admin,
      payload: { name: "Renamed team" },
    }),
  },
  "DELETE /api/v1/teams/{team_id}": {
    action: "team.deleted",
    request: async () => ({ method: "DELETE", url: `/teams/${await newTeam()}`, session: world.admin }),
  },
  "POST /api/v1/teams/insert-between/{child_team_id}": {
    action: "team.created",
    request: async () => {
      const slug = unique("between").toLowerCase();
      return {
        method: "POST",
        url: `/teams/insert-between/${await newTeam()}`,
        session: world.admin,
        payload: { name: slug, slug },
      };
    },
  },
  "POST /api/v1/auth/invitations": {
    action: "invitation.created",
    request: async () => ({
      method: "POST",
      url: "/auth/invitations",
      session: world.admin,
      payload: { email: `${unique("invited")}@acme.test`, team_id: world.admin.teamId },
    }),
  },
  "DELETE /api/v1/auth/invitations/{invitation_id}": {
    action: "invitation.revoked",
    request: async () => ({
      method: "DELETE",
      url: `/auth/invitations/${(await newInvitation()).id}`,
      session: world.admin,
    }),
  },
  "POST /api/v1/auth/invitations/{invitation_id}/regenerate": {
    action: "invitation.regenerated",
    request: async () => ({
      method: "POST",
      url: `/auth/invitations/${(await newInvitation()).id}/regenerate`,
      session: world.admin,
    }),
  },
  "POST /api/v1/auth/invitations/{token}/accept": {
    action: "invitation.accepted",
    request: async () => ({
      method: "POST",
      url: `/auth/invitations/${(await newInvitation()).token}/accept`,
      session: null,
      payload: { username: unique("joiner").toLowerCase(), password: "joiner-password-3" },
    }),
  },
  "POST /api/v1/projects": {
    action: "project.created",
    request: async () => {
      const slug = unique("project").toLowerCase();
      return {
        method: "POST",
        url: "/projects",
        session: world.admin,
        payload: { team_id: world.admin.teamId, name: slug, slug },
      };
    },
  },
  "PUT /api/v1/projects/{project_id}": {
    action: "project.updated",
    request: async () => ({
      method: "PUT",
      url: `/projects/${await newProject()}`,
      session: world.admin,
      payload: { description: "Described" },
    }),
  },
  "DELETE /api/v1/projects/{project_id}": {
    action: "project.deleted",
    request: async () => ({ method: "DELETE", url: `/projects/${await newProject()}`, session: world.admin }),
  },
  "POST /api/v1/projects/{project_id}/members": {
    action: "project.member_added",
    request: async () => ({
      method: "POST",
      url: `/projects/${await newProject()}/members`,
      session: world.admin,
      payload: { user_id: (await newUser()).id },
    }),
  },
  "DELETE /api/v1/projects/{project_id}/members/{user_id}": {
    action: "project.member_removed",
    request: async () => {
      const projectId = await newProject();
      const { id } = await newUser();
      await call(world.admin, "POST", `/projects/${projectId}/members`, { user_id: id });
      return { method: "DELETE", url: `/projects/${projectId}/members/${id}`, session: world.admin };
    },
  },
  "POST /api/v1/projects/{project_id}/objectives": {
    action: "objective.created",
    request: async () => ({
      method: "POST",
      url: `/projects/${await newProject()}/objectives`,
      session: world.admin,
      payload: { title: "Ship it" },
    }),
  },
  "POST /api/v1/policies": {
    action: "policy.created",
    request: async () => ({ method: "POST", url: "/policies", session: world.admin, payload: policyBody() }),
  },
  "PUT /api/v1/policies/{policy_id}": {
    action: "policy.updated",
    request: async () => ({
      method: "PUT",
      url: `/policies/${(await call(world.admin, "POST", "/policies", policyBody())).id}`,
      session: world.admin,
      payload: { priority: 5 },
    }),
  },
  "DELETE /api/v1/policies/{policy_id}": {
    action: "policy.deleted",
    request: async () => ({
      method: "DELETE",
      url: `/policies/${(await call(world.admin, "POST", "/policies", policyBody())).id}`,
      session: world.admin,
    }),
  },
  "POST /api/v1/objectives": {
    action: "objective.created",
    request: async () => ({
      method: "POST",
      url: "/objectives",
      session: world.admin,
      payload: { team_id: world.admin.teamId, title: "Grow" },
    }),
  },
  "PUT /api/v1/objectives/{objective_id}": {
    action: "objective.updated",
    request: async () => {
      const created = await call(world.admin, "POST", "/objectives", { team_id: world.admin.teamId, title: "Grow" });
      return { method: "PUT", url: `/objectives/${created.id}`, session: world.admin, payload: { status: "done" } };
    },
  },
  "DELETE /api/v1/objectives/{objective_id}": {
    action: "objective.deleted",
    request: async () => {
      const created = await call(world.admin, "POST", "/objectives", { team_id: world.admin.teamId, title: "Grow" });
      return { method: "DELETE", url: `/objectives/${created.id}`, session: world.admin };
    },
  },
  "POST /api/v1/workflows": {
    action: "workflow.created",
    request: async () => ({ method: "POST", url: "/workflows", session: world.admin, payload: { name: "Walk" } }),
  },
  "PUT /api/v1/workflows/{workflow_id}": {
    action: "workflow.updated",
    request: async () => ({
      method: "PUT",
      url: `/workflows/${await newWorkflow()}`,
      session: world.admin,
      payload: { visibility: "org" },
    }),
  },
  "DELETE /api/v1/workflows/{workflow_id}": {
    action: "workflow.deleted",
    request: async () => ({ method: "DELETE", url: `/workflows/${await newWorkflow()}`, session: world.admin }),
  },
  "POST /api/v1/workflows/{workflow_id}/shares": {
    action: "workflow.shared",
    request: async () => ({
      method: "POST",
      url: `/workflows/${await newWorkflow()}/shares`,
      session: world.admin,
      payload: { user_id: (await newUser()).id },
    }),
  },
  "DELETE /api/v1/workflows/{workflow_id}/shares/{user_id}": {
    action: "workflow.unshared",
    request: async () => {
      const workflowId = await newWorkflow();
      const { id } = await newUser();
      await call(world.admin, "POST", `/workflows/${workflowId}/shares`, { user_id: id });
      return { method: "DELETE", url: `/workflows/${workflowId}/shares/${id}`, session: world.admin };
    },
  },
  "DELETE /api/v1/workflows/{workflow_id}/shares/teams/{team_id}": {
    action: "workflow.unshared",
    request: async () => {
      const workflowId = await newWorkflow();
      const teamId = await newTeam();
      await call(world.admin, "POST", `/workflows/${workflowId}/shares`, { team_id: teamId });
      return { method: "DELETE", url: `/workflows/${workflowId}/shares/teams/${teamId}`, session: world.admin };
    },
  },
  "POST /api/v1/prompts": {
    action: "prompt.created",
    request: async () => ({
      method: "POST",
      url: "/prompts",
      session: world.admin,
      payload: { name: unique("walk-new").toLowerCase(), version: { version: "1", user_template: "Hi" } },
    }),
  },
  "PUT /api/v1/prompts/{name}": {
    action: "prompt.version_created",
    request: async () => ({
      method: "PUT",
      url: `/prompts/${await newPrompt()}`,
      session: world.admin,
      payload: { version: "3", user_template: "Hey", change_note: "Shorter" },
    }),
  },
  "PATCH /api/v1/prompts/{name}": {
    action: "prompt.updated",
    request: async () => ({
      method: "PATCH",
      url: `/prompts/${await newPrompt()}`,
      session: world.admin,
      payload: { description: "Walked" },
    }),
  },
  "DELETE /api/v1/prompts/{name}": {
    action: "prompt.deprecated",
    request: async () => ({ method: "DELETE", url: `/prompts/${await newPrompt()}`, session: world.admin }),
  },
  "POST /api/v1/prompts/{name}/restore": {
    action: "prompt.restored",
    request: async () => {
      const name = await newPrompt();
      await call(world.admin, "DELETE", `/prompts/${name}`);
      return { method: "POST", url: `/prompts/${name}/restore`, session: world.admin };
    },
  },
  "PUT /api/v1/prompts/{name}/labels/{label}": {
    action: "prompt.label_moved",
    request: async () => ({
      method: "PUT",
      url: `/prompts/${await newPrompt()}/labels/staging`,
      session: world.admin,
      payload: { version: "1" },
    }),
  },
  "DELETE /api/v1/prompts/{name}/labels/{label}": {
    action: "prompt.label_cleared",
    request: async () => {
      const name = await newPrompt();
      await call(world.admin, "PUT", `/prompts/${name}/labels/staging`, { version: "1" });
      return { method: "DELETE", url: `/prompts/${name}/labels/staging`, session: world.admin };
    },
  },
  "POST /api/v1/prompts/{name}/rollback/{version}": {
    action: "prompt.label_moved",
    request: async () => ({ method: "POST", url: `/prompts/${await newPrompt()}/rollback/1`, session: world.admin }),
  },
  "DELETE /api/v1/prompts/{name}/pin": {
    action: "prompt.label_cleared",
    request: async () => {
      const name = await newPrompt();
      await call(world.admin, "POST", `/prompts/${name}/rollback/1`);
      return { method: "DELETE", url: `/prompts/${name}/pin`, session: world.admin };
    },
  },
  "POST /api/v1/prompts/{name}/shares": {
    action: "prompt.shared",
    request: async () => ({
      method: "POST",
      url: `/prompts/${await newPrompt()}/shares`,
      session: world.admin,
      payload: { user_id: (await newUser()).id },
    }),
  },
  "DELETE /api/v1/prompts/{name}/shares/{user_id}": {
    action: "prompt.unshared",
    request: async () => {
      const name = await newPrompt();
      const { id } = await newUser();
      await call(world.admin, "POST", `/prompts/${name}/shares`, { user_id: id });
      return { method: "DELETE", url: `/prompts/${name}/shares/${id}`, session: world.admin };
    },
  },
  "DELETE /api/v1/prompts/{name}/shares/teams/{team_id}": {
    action: "prompt.unshared",
    request: async () => {
      const name = await newPrompt();
      const teamId = await newTeam();
      await call(world.admin, "POST", `/prompts/${name}/shares`, { team_id: teamId, include_subteams: true });
      return { method: "DELETE", url: `/prompts/${name}/shares/teams/${teamId}`, session: world.admin };
    },
  },
  "POST /api/v1/change-requests/{id}/approve": {
    action: "change_request.approved",
    request: async () => ({
      method: "POST",
      url: `/change-requests/${(await newChangeRequest()).id}/approve`,
      session: world.admin,
      payload: { comment: "Looks right" },
    }),
  },
  "POST /api/v1/change-requests/{id}/reject": {
    action: "change_request.rejected",
    request: async () => ({
      method: "POST",
      url: `/change-requests/${(await newChangeRequest()).id}/reject`,
      session: world.admin,
      payload: { reason: "Not yet" },
    }),
  },
  "POST /api/v1/change-requests/{id}/withdraw": {
    action: "change_request.withdrawn",
    request: async () => {
      const { id, author } = await newChangeRequest();
      return { method: "POST", url: `/change-requests/${id}/withdraw`, session: author };
    },
  },
  "POST /api/v1/change-requests/{id}/comments": {
    action: "change_request.commented",
    request: async () => ({
      method: "POST",
      url: `/change-requests/${(await newChangeRequest()).id}/comments`,
      session: world.admin,
      payload: { body: "Why this change?" },
    }),
  },
  "POST /oauth/register": {
    action: "oauth_client.registered",
    request: async () => ({
      method: "POST",
      url: "/oauth/register",
      atRoot: true,
      session: null,
      payload: {
        client_name: "Walker",
        redirect_uris: [LOOPBACK_CALLBACK],
        token_endpoint_auth_method: "client_secret_post",
      },
    }),
  },
  "POST /oauth/token": {
    action: "oauth_grant.tokens_issued",
    request: async () => {
      const { client_id } = await registerClient(t.app);
      const { code, pkce } = await approvedCode(t.app, world.admin, { clientId: client_id });
      world.secrets.push(code, pkce.verifier);
      return {
        method: "POST",
        url: "/oauth/token",
        atRoot: true,
        session: null,
        payload: {
          grant_type: "authorization_code",
          code,
          redirect_uri: LOOPBACK_CALLBACK,
          code_verifier: pkce.verifier,
          client_id,
        },
      };
    },
  },
  "POST /oauth/revoke": {
    action: "oauth_grant.token_revoked",
    request: async () => {
      const tokens = await newOAuthTokens();
      return {
        method: "POST",
        url: "/oauth/revoke",
        atRoot: true,
        session: null,
        payload: { token: tokens.refresh_token, client_id: tokens.clientId },
      };
    },
  },
  "POST /api/v1/oauth/requests/{id}/approve": {
    action: "oauth_grant.approved",
    request: async () => ({
      method: "POST",
      url: `/oauth/requests/${await newConsentRequest()}/approve`,
      session: world.admin,
    }),
  },
  "POST /api/v1/oauth/requests/{id}/deny": {
    action: "oauth_request.denied",
    request: async () => ({
      method: "POST",
      url: `/oauth/requests/${await newConsentRequest()}/deny`,
      session: world.admin,
    }),
  },
  "DELETE /api/v1/oauth/grants/{id}": {
    action: "oauth_grant.revoked",
    request: async () => {
      const { clientId } = await newOAuthTokens();
      const grants = await call(world.admin, "GET", "/oauth/grants");
      const grant = grants.items.find((item: { client_id: string }) => item.client_id === clientId);
      return { method: "DELETE", url: `/oauth/grants/${grant.id}`, session: world.admin };
    },
  },
  "PATCH /api/v1/settings": {
    action: "settings.changed",
    request: async () => ({
      method: "PATCH",
      url: "/settings",
      session: world.admin,
      payload: { audit_retention_days: 365 },
    }),
  },
};

const MUTATING = new Set(["post", "put", "patch", "delete"]);

/** `METHOD /path` of every route in the document that may change something and is walked here. */
function mutatingRoutes(): string[] {
  const paths = (t.app.swagger() as { paths: Record<string, Record<string, { "x-read-only"?: boolean }>> }).paths;
  const routes: string[] = [];
  for (const [path, operations] of Object.entries(paths)) {
    if (NOT_WALKED.some(({ pattern }) => pattern.test(path))) continue;
    for (const [method, operation] of Object.entries(operations)) {
      if (MUTATING.has(method) && !operation["x-read-only"]) routes.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return routes;
}

const latestEventId = async () =>
  (await db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1))[0]?.id ?? 0;

beforeAll(async () => {
  t = await createTestContext();
  db = t.database.db;
  send = sender(t.app);
  world = { admin: undefined as unknown as Session, secrets: [PASSWORD, "created-password-2", "joiner-password-3"] };
});
afterAll(async () => t?.close());

describe("the audit log covers the API", () => {
  it("has a fixture for every route of the document that may change something", () => {
    const routes = mutatingRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const missing = routes.filter((route) => !(route in FIXTURES));
    expect(missing, "routes without an audit fixture (add one, or mark the route readOnly)").toEqual([]);
    const stale = Object.keys(FIXTURES).filter((route) => !routes.includes(route));
    expect(stale, "fixtures for routes the document no longer has").toEqual([]);
  });

  it("records an event for a valid request to each of them, with that request's id", async () => {
    const routes = mutatingRoutes();
    // The organization is founded first: every other fixture acts in it.
    const ordered = ["POST /api/v1/auth/register", ...routes.filter((route) => route !== "POST /api/v1/auth/register")];
    const silent: string[] = [];
    for (const route of ordered) {
      const fixture = FIXTURES[route];
      if (!fixture) continue;
      const { method, url, session, payload, atRoot } = await fixture.request();
      const before = await latestEventId();
      const response = await send(method, atRoot ? url : `${API}${url}`, session, payload);
      expect(response.statusCode, `${route}: ${response.body}`).toBeLessThan(300);
      if (route === "POST /api/v1/auth/register") {
        const body = response.json();
        world.admin = bearer(body.token, body.user.id, body.user.team_id, body.user.username);
      }
      const body = response.body ? response.json() : {};
      for (const secret of [body.token, body.raw_key, body.client_secret, body.access_token, body.refresh_token]) {
        if (typeof secret === "string") world.secrets.push(secret);
      }

      const written = await db.select().from(auditEvents).where(gt(auditEvents.id, before));
      const mine = written.filter((event) => event.requestId === response.headers["x-request-id"]);
      if (!mine.some((event) => event.action === fixture.action)) {
        silent.push(`${route} (wrote: ${mine.map((event) => event.action).join(", ") || "nothing"})`);
      }
    }
    expect(silent, `routes that did not record their event`).toEqual([]);
  });

  it("never writes a secret into an event: passwords, tokens, keys or their hashes", async () => {
    const hashes = [
      ...(await db.select({ value: users.passwordHash }).from(users)),
      ...(await db.select({ value: apiKeys.keyHash }).from(apiKeys)),
      ...(await db.select({ value: invitations.tokenHash }).from(invitations)),
      ...(await db.select({ value: oauthClients.clientSecretHash }).from(oauthClients)),
      ...(await db.select({ value: oauthAuthorizationRequests.codeHash }).from(oauthAuthorizationRequests)),
      ...(await db.select({ value: oauthTokens.tokenHash }).from(oauthTokens)),
    ].map((row) => row.value);
    const secrets = [...world.secrets, ...hashes].filter((value): value is string => typeof value === "string");
    expect(secrets.length).toBeGreaterThan(10);
    const events = await db.select().from(auditEvents);
    expect(events.length).toBeGreaterThan(30);
    const written = JSON.stringify(events);
    expect(secrets.filter((secret) => written.includes(secret))).toEqual([]);
  });

  it("cannot be changed or removed through SQL", async () => {
    const count = async () => (await db.select({ id: auditEvents.id }).from(auditEvents)).length;
    const before = await count();
    await expect(db.update(auditEvents).set({ actorName: "someone else" })).rejects.toThrow();
    await expect(db.execute(sql`update audit_events set changes = null`)).rejects.toThrow();
    await expect(db.delete(auditEvents)).rejects.toThrow();
    await expect(db.execute(sql`truncate audit_events`)).rejects.toThrow();
    expect(await count()).toBe(before);
    const names = await db.selectDistinct({ name: auditEvents.actorName }).from(auditEvents);
    expect(names.map((row) => row.name)).not.toContain("someone else");
  });
});
