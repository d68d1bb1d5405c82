import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { admin, signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

// Someone only this file invites, so its deactivation touches no other file's flows.
const colleague = {
  email: "linus@example.com",
  username: "linus",
  name: "Linus Settings",
  password: "settings pass 1",
};
// What the admin changes the colleague's account to.
const renamed = { name: "Linus Torvalds", email: "linus.t@example.com" };
const resetPassword = "reset by admin 1";
const promptName = "settings-metrics-demo";

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("settings and metrics in the browser", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;
  let visitor: BrowserContext | undefined;
  let colleaguePage: Page;

  /** An API call with the admin's browser session; unsafe methods carry the Origin the backend checks. */
  const call = (method: "GET" | "POST" | "PUT", path: string, data?: unknown) =>
    page.request.fetch(path, { method, data, headers: { origin: base } });

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);
  });
  test.afterAll(async ({ browser }) => {
    await visitor?.close();
    await closeContexts(browser);
  });

  test("opens Settings from the menu and changes the display name", async () => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL((url) => url.pathname === "/settings");
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await expect.poll(() => page.getByLabel("Display name").inputValue()).toBe(admin.name);

    await page.getByLabel("Display name").fill("Ada King");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Your profile is saved.").waitFor();
    // The menu shows the new name without a reload.
    await page.getByRole("button", { name: "Account menu for Ada King" }).waitFor();
    expect((await (await page.request.get("/api/v1/auth/me")).json()).display_name).toBe("Ada King");
    await screenshot(page, "settings-profile");

    // Back to the name the other flows know the admin by.
    await page.getByLabel("Display name").fill(admin.name);
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByRole("button", { name: `Account menu for ${admin.name}` }).waitFor();
  });

  test("checks a new password before sending it", async () => {
    await page.getByLabel("Current password").fill("anything");
    await page.getByLabel(/^New password/).fill("short");
    await page.getByLabel("Confirm new password").fill("shorter");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("At least 8 characters", { exact: true }).waitFor();
    await page.getByText("The passwords differ").waitFor();
    await screenshot(page, "settings-password-invalid");
    // Nothing was sent: the admin's password is unchanged.
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: admin.username, password: admin.password }),
    });
    expect(login.status).toBe(200);
  });

  test("creates an API key, shows it once with IDE setup, and the key works until revoked", async () => {
    await page.getByRole("tab", { name: "API keys" }).click();
    await page.waitForURL((url) => url.searchParams.get("tab") === "api-keys");
    await page.getByRole("button", { name: "New API key" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("e2e laptop");
    expect(await dialog.getByRole("checkbox", { name: /^Read/ }).isChecked()).toBe(true);
    expect(await dialog.getByRole("checkbox", { name: /^Expand/ }).isChecked()).toBe(true);
    expect(await dialog.getByRole("checkbox", { name: /^Write/ }).isChecked()).toBe(false);
    await screenshot(page, "settings-api-key-new");
    await dialog.getByRole("button", { name: "Create key" }).click();

    const created = page.getByRole("dialog", { name: "API key “e2e laptop” is created" });
    const rawKey = (await created.getByTestId("raw-api-key").textContent()) ?? "";
    expect(rawKey).toMatch(/^pcp_/);
    const claude = created.getByRole("tabpanel", { name: "Claude Code" });
    expect(await claude.textContent()).toContain(
      `claude mcp add --transport http spechub ${base}/mcp --header "Authorization: Bearer ${rawKey}"`,
    );
    await screenshot(page, "settings-api-key-created");
    await created.getByRole("button", { name: "Copy Claude Code configuration" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`${base}/mcp`);

    await created.getByRole("tab", { name: "VS Code" }).click();
    const vscode = JSON.parse((await created.getByRole("tabpanel", { name: "VS Code" }).locator("pre").textContent())!);
    expect(vscode.servers.spechub).toEqual({
      type: "http",
      url: `${base}/mcp`,
      headers: { Authorization: `Bearer ${rawKey}` },
    });
    await created.getByRole("button", { name: "I have copied it" }).click();

    const row = page.getByRole("row").filter({ hasText: "e2e laptop" });
    await row.getByText(`${rawKey.slice(0, 12)}…`).waitFor();
    await row.getByText("Active").waitFor();
    await screenshot(page, "settings-api-keys");

    // The key, from outside the browser, is the admin.
    const asKey = () => fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${rawKey}` } });
    const response = await asKey();
    expect(response.status).toBe(200);
    expect((await response.json()).username).toBe(admin.username);

    await row.getByRole("button", { name: "Revoke API key e2e laptop" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
    await page.getByText("API key “e2e laptop” is revoked.").waitFor();
    await row.getByText("Revoked").waitFor();
    await expect.poll(async () => (await asKey()).status, { timeout: 10_000 }).toBe(401);
  });

  test("invites a colleague, who accepts the link in another browser", async () => {
    await page.getByRole("tab", { name: "Invitations" }).click();
    await page.getByLabel("Email").fill(colleague.email);
    await page.getByRole("button", { name: "Create invitation" }).click();
    const dialog = page.getByRole("dialog", { name: `Invitation for ${colleague.email} is ready` });
    const link = (await dialog.getByTestId("invitation-link").textContent()) ?? "";
    expect(link).toMatch(new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/invite/[^/]+$`));
    await screenshot(page, "settings-invitation-link");
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.getByRole("row").filter({ hasText: colleague.email }).getByText("pending", { exact: true }).waitFor();

    visitor = await context.browser()!.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    colleaguePage = await visitor.newPage();
    colleaguePage.setDefaultTimeout(15_000);
    await colleaguePage.goto(link);
    await colleaguePage.getByText(colleague.email).waitFor();
    await colleaguePage.getByLabel("Display name").fill(colleague.name);
    await colleaguePage.getByLabel("Username").fill(colleague.username);
    await colleaguePage.getByLabel("Password").fill(colleague.password);
    await colleaguePage.getByRole("button", { name: "Accept invitation" }).click();
    await colleaguePage.getByRole("link", { name: "Continue" }).click();
    await colleaguePage.waitForURL("**/welcome");

    // A member's settings have no admin tabs.
    await colleaguePage.goto("/settings?tab=users");
    await colleaguePage.getByRole("tab", { name: "Profile" }).waitFor();
    expect(await colleaguePage.getByRole("tab", { name: "Users" }).count()).toBe(0);
    // The profile form fills in once the account has loaded.
    await expect.poll(() => colleaguePage.getByLabel("Display name").inputValue()).toBe(colleague.name);

    // Members change their own password only with the current one.
    const newPassword = "settings pass 2";
    await colleaguePage.getByLabel("Current password").fill("not my password");
    await colleaguePage.getByLabel(/^New password/).fill(newPassword);
    await colleaguePage.getByLabel("Confirm new password").fill(newPassword);
    await colleaguePage.getByRole("button", { name: "Change password" }).click();
    await colleaguePage.getByRole("alert").filter({ hasText: "Current password is incorrect" }).waitFor();
    await screenshot(colleaguePage, "settings-password-refused");
    await colleaguePage.getByLabel("Current password").fill(colleague.password);
    await colleaguePage.getByRole("button", { name: "Change password" }).click();
    await colleaguePage.getByText("Your password is changed.").waitFor();
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: colleague.username, password: newPassword }),
    });
    expect(login.status).toBe(200);

    await page.getByLabel("Filter invitations by status").selectOption("accepted");
    await page.getByRole("row").filter({ hasText: colleague.email }).getByText("accepted", { exact: true }).waitFor();
    await screenshot(page, "settings-invitations");
  });

  test("edits a user's name and email, checking them first", async () => {
    await page.getByRole("tab", { name: "Users" }).click();
    await page.getByLabel("Search users").fill(colleague.username);
    await page.waitForURL((url) => url.searchParams.get("q") === colleague.username);
    const row = page.getByRole("row").filter({ hasText: `@${colleague.username}` });
    await row.getByRole("button", { name: `Edit ${colleague.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `Edit ${colleague.name}` });
    expect(await dialog.getByLabel("Email").inputValue()).toBe(colleague.email);

    // The API keeps an email it is not sent, so the form refuses to pretend it removed one.
    await dialog.getByLabel("Email").fill("");
    await dialog.getByLabel("Display name").fill(renamed.name);
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText("Enter a valid email address").waitFor();
    await screenshot(page, "settings-user-edit-invalid");

    await dialog.getByLabel("Email").fill(renamed.email);
    await dialog.getByRole("button", { name: "Save" }).click();
    await page.getByText(`${renamed.name}'s details are saved.`).waitFor();
    await row.getByText(renamed.email).waitFor();
    await row.getByText(renamed.name).waitFor();
    const users = await (await call("GET", `/api/v1/users?q=${colleague.username}`)).json();
    expect(users.items[0]).toMatchObject({ display_name: renamed.name, email: renamed.email });
  });

  test("sets a new password for a user, who signs in with it; never for the admin's own account", async () => {
    const row = page.getByRole("row").filter({ hasText: `@${colleague.username}` });
    await row.getByRole("button", { name: `Set a new password for ${renamed.name}` }).click();
    const dialog = page.getByRole("dialog", { name: `New password for ${renamed.name}` });
    await dialog.getByLabel("New password", { exact: true }).fill("short");
    await dialog.getByLabel("Confirm new password").fill("shorter");
    await dialog.getByRole("button", { name: "Set password" }).click();
    await dialog.getByText("At least 8 characters", { exact: true }).waitFor();
    await dialog.getByText("The passwords differ").waitFor();

    await dialog.getByLabel("New password", { exact: true }).fill(resetPassword);
    await dialog.getByLabel("Confirm new password").fill(resetPassword);
    await screenshot(page, "settings-user-set-password");
    await dialog.getByRole("button", { name: "Set password" }).click();
    await page.getByText(`${renamed.name} has a new password.`).waitFor();
    const signIn = (password: string) =>
      fetch(`${base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: renamed.email, password }),
      });
    expect((await signIn(resetPassword)).status).toBe(200);
    expect((await signIn("settings pass 2")).status).toBe(401);

    await page.getByLabel("Search users").fill(admin.username);
    await page.waitForURL((url) => url.searchParams.get("q") === admin.username);
    const own = page.getByRole("row").filter({ hasText: `@${admin.username}` });
    await own.getByText("(you)").waitFor();
    await own.getByRole("button", { name: `Edit ${admin.name}` }).waitFor();
    expect(await own.getByRole("button", { name: /^Set a new password/ }).count()).toBe(0);
  });

  test("finds the new user, deactivates them after confirming, and they are signed out", async () => {
    await page.getByLabel("Search users").fill(colleague.username);
    await page.waitForURL((url) => url.searchParams.get("q") === colleague.username);
    const row = page.getByRole("row").filter({ hasText: `@${colleague.username}` });
    await row.getByText("Active").waitFor();
    await expect.poll(() => page.getByRole("row").count()).toBe(2);

    await row.getByRole("button", { name: `Deactivate ${renamed.name}` }).click();
    await page.getByRole("alertdialog").waitFor();
    await screenshot(page, "settings-user-deactivate-confirm");
    await page.getByRole("alertdialog").getByRole("button", { name: "Deactivate" }).click();
    await page.getByText(`${renamed.name} is deactivated.`).waitFor();
    await row.getByText("Deactivated").waitFor();
    await screenshot(page, "settings-users");

    await colleaguePage.goto("/settings");
    await colleaguePage.waitForURL((url) => url.pathname === "/login");

    // Filters by status and team, kept in the URL.
    await page.getByLabel("Filter users by status").selectOption("active");
    await page.waitForURL((url) => url.searchParams.get("status") === "active");
    await page.getByText("No users match").waitFor();
    await page.getByLabel("Filter users by status").selectOption("deactivated");
    await row.getByText("Deactivated").waitFor();
    const me = await (await call("GET", "/api/v1/auth/me")).json();
    const root = await (await call("GET", `/api/v1/teams/${me.team_id}`)).json();
    await page.getByLabel("Find a team to filter users by").fill(root.name);
    await page.getByRole("button", { name: `Choose ${root.name}`, exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get("team") === me.team_id);
    await row.waitFor();
    await page.getByLabel("Filter users by status").selectOption("active");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.waitForURL((url) => ["q", "status", "team"].every((name) => !url.searchParams.has(name)));
    await expect.poll(() => page.getByRole("row").count()).toBeGreaterThan(2);
  });

  test("refuses to demote the last active admin, with the API's reason", async () => {
    const users = await (await call("GET", "/api/v1/users?page_size=100&is_active=true")).json();
    const admins = users.items.filter((user: { role: string; is_active: boolean }) => user.role === "admin");
    // Only meaningful while the admin is the only one; otherwise the demotion would succeed.
    if (admins.length !== 1) return;
    await page.getByLabel("Search users").fill(admin.username);
    // The search applies a moment after typing stops: wait for it, or it lands after the next click.
    await page.waitForURL((url) => url.searchParams.get("q") === admin.username);
    const row = page.getByRole("row").filter({ hasText: `@${admin.username}` });
    await row.getByText("(you)").waitFor();
    await row.getByLabel(`Role of ${admin.name}`).selectOption("member");
    await page.getByRole("alertdialog").getByRole("heading", { name: "Give up your admin rights?" }).waitFor();
    await page.getByRole("alertdialog").getByRole("button", { name: "Make member" }).click();
    await page.getByRole("alert").filter({ hasText: "Cannot remove the last active admin" }).waitFor();
    expect(await row.getByLabel(`Role of ${admin.name}`).inputValue()).toBe("admin");
    await screenshot(page, "settings-last-admin");
  });

  test("shows usage figures and charts on the metrics page after an expansion", async () => {
    const before = await (await call("GET", "/api/v1/metrics/dashboard")).json();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Metrics" }).click();
    await page.waitForURL((url) => url.pathname === "/metrics");
    await page.getByRole("heading", { name: "Metrics" }).waitFor();
    if (before.summary.expansions === 0) {
      await page.getByText("No expansions in this range").waitFor();
      await screenshot(page, "metrics-empty");
    }

    const created = await call("POST", "/api/v1/prompts", {
      name: promptName,
      description: "Counts towards the metrics page.",
      version: { version: "1.0.0", user_template: "Summarise: {{ input }}" },
    });
    expect(created.status(), await created.text()).toBe(201);
    for (let run = 0; run < 2; run += 1) {
      const expanded = await call("POST", `/api/v1/expand/${promptName}`, { input: { input: `text ${run}` } });
      expect(expanded.status(), await expanded.text()).toBe(200);
    }

    // Usage is recorded off the request's path: wait until the API counts both expansions.
    await expect
      .poll(async () => (await (await call("GET", "/api/v1/metrics/dashboard")).json()).total_expands, {
        timeout: 10_000,
      })
      .toBe(before.total_expands + 2);
    await page.reload();
    const figure = (label: string) => page.locator(`xpath=//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);
    // The figures cover the range on screen, the last 7 days by default.
    await expect.poll(() => figure("Expansions").textContent()).toBe(String(before.summary.expansions + 2));
    await page
      .getByRole("list", { name: "Most expanded prompts" })
      .getByRole("link", { name: promptName, exact: true })
      .waitFor();
    // Both charts are drawn (Recharts, loaded on this page only).
    await expect.poll(() => page.locator(".recharts-wrapper").count()).toBe(2);
    await page.locator(".recharts-bar-rectangle").first().waitFor();
    await screenshot(page, "metrics");
  });
});
