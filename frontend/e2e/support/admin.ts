import { type APIRequestContext, expect } from "@playwright/test";

/** The organization every file of the suite works in, registered once. */
export const organization = { name: "Acme Robotics", slug: "acme-robotics" };

/** The organization's first admin, shared by every file of the suite (they run on one backend). */
export const admin = {
  email: "ada@example.com",
  username: "ada",
  password: "correct horse battery",
  name: "Ada Lovelace",
};

/**
 * The request that gives the admin a session: registering the organization while none exists
 * (whichever file runs first), else signing in. Files can then run alone or in any order.
 */
function adminSessionRequest(hasOrg: boolean): { path: string; body: Record<string, string> } {
  return hasOrg
    ? { path: "/api/v1/auth/login", body: { email: admin.username, password: admin.password } }
    : {
        path: "/api/v1/auth/register",
        body: {
          org_name: organization.name,
          org_slug: organization.slug,
          display_name: admin.name,
          email: admin.email,
          username: admin.username,
          password: admin.password,
        },
      };
}

/** What signing in answers: the session's bearer token and the admin. */
type SignedIn = { token: string; user: { id: string; team_id: string } };

/**
 * Gives `request` (a page's or a context's) the admin's session cookie, from `origin` as the
 * pages send it. Returns the sign-in answer for tests that need the admin's ids or token.
 */
export async function signInAsAdmin(request: APIRequestContext, origin: string): Promise<SignedIn> {
  const status = await (await request.get("/api/v1/auth/status")).json();
  const { path, body } = adminSessionRequest(status.has_org);
  const response = await request.post(path, { data: body, headers: { origin } });
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}

/** The admin's bearer token, for tests that call the API with `fetch` (which keeps no cookies). */
export async function adminToken(origin: string): Promise<string> {
  const status = await (await fetch(`${origin}/api/v1/auth/status`)).json();
  const { path, body } = adminSessionRequest(status.has_org);
  const response = await fetch(`${origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(body),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
  return ((await response.json()) as SignedIn).token;
}
