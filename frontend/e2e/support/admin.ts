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
export function adminSessionRequest(hasOrg: boolean): { path: string; body: Record<string, string> } {
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
