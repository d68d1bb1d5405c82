import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { startBackend, startFrontend } from "../scripts/lib/processes.mjs";
import { admin, organization } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";

// The flows run in order against a fresh installation of their own (the worker's shared one may
// already have its organization): registering the first admin can only happen once, and later
// steps sign in as that admin.

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("SpecHub in the browser", () => {
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let frontend: Awaited<ReturnType<typeof startFrontend>>;
  let base: string;
  let context: BrowserContext;
  let page: Page;

  test.beforeAll(async ({ browser }) => {
    backend = await startBackend();
    frontend = await startFrontend({ backendUrl: backend.url });
    base = frontend.url;
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  test.afterAll(async ({ browser }) => {
    await closeContexts(browser);
    await frontend?.stop();
    await backend?.stop();
  });

  test("sends the first visitor of a fresh install to set up the organization, then to the guide", async () => {
    await page.goto("/");
    await page.waitForURL("**/register");
    await page.getByLabel("Organization name").fill(organization.name);
    expect(await page.getByLabel("Short name").inputValue()).toBe("acme-robotics");
    await page.getByLabel("Display name").fill(admin.name);
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Username").fill(admin.username);
    await page.getByLabel("Password").fill(admin.password);
    await screenshot(page, "register");
    await page.getByRole("button", { name: "Create organization" }).click();

    await page.waitForURL("**/welcome");
    await page.getByRole("heading", { name: `Welcome to SpecHub, ${admin.name}` }).waitFor();
    // The address is the browser's own origin, filled in once the page has hydrated.
    await expect(page.getByText(`${base}/mcp`, { exact: true })).toBeVisible();
    expect(await page.getByRole("link", { name: "Write a prompt" }).getAttribute("href")).toBe("/prompts/new");
    await screenshot(page, "welcome");
  });

  test("signs out from the user menu, and signs back in to the page that was asked for", async () => {
    await page.getByRole("button", { name: `Account menu for ${admin.name}` }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL("**/login");

    await page.goto("/prompts");
    await page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("next") === "/prompts");
    await page.getByLabel("Email or username").fill(admin.username);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "Invalid email or password" }).waitFor();
    await screenshot(page, "login-failed");

    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/prompts");
    await page.getByText("No prompts yet").waitFor();
    await screenshot(page, "prompts-empty");
  });

  test("signs in from the sign-in page itself, after its links were prefetched signed out, to the dashboard", async () => {
    await page.getByRole("button", { name: `Account menu for ${admin.name}` }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await page.goto("/login");
    // Signed out, the page's link to the dashboard is prefetched and answered with "go to /login".
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Email or username").fill(admin.username);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await page.goto("/prompts");
    await page.getByText("No prompts yet").waitFor();
  });

  test("creates a prompt with a typed input schema", async () => {
    await page.getByRole("link", { name: "New prompt" }).first().click();
    await page.waitForURL("**/prompts/new");
    await page.getByLabel("Name").first().fill("code-review");
    await page.getByLabel("Description").fill("Reviews a snippet of code for bugs and style.");
    await page.getByLabel("Tags").fill("review, quality");
    await page.getByLabel("System template").fill("You review {{ language }} code. Be concise.");
    await page.getByLabel("User template").fill("Review this:\n{{ code }}");
    await page.getByLabel("Input schema (JSON)").fill(
      JSON.stringify(
        {
          type: "object",
          properties: {
            language: { type: "string", enum: ["python", "go"], description: "Language of the snippet" },
            code: { type: "string", description: "The code to review" },
          },
          required: ["language", "code"],
        },
        null,
        2,
      ),
    );
    await screenshot(page, "prompt-new");
    await page.getByRole("button", { name: "Create prompt" }).click();

    await page.waitForURL("**/prompts/code-review");
    await page.getByRole("heading", { name: "code-review" }).waitFor();
    await page.getByText("The latest version, 1.0.0, is served.").waitFor();
    await screenshot(page, "prompt-detail");
  });

  test("adds a version prefilled from the latest, and moves production to the first one", async () => {
    await page.getByRole("button", { name: "New version" }).click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.getByLabel("Version").inputValue()).toBe("1.0.1");
    // The templates are code editors (contenteditable), read as rendered text, line by line.
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText keeps the line breaks
    expect(await dialog.getByLabel("User template").innerText()).toBe("Review this:\n{{ code }}");
    await dialog.getByLabel("User template").fill("Review this {{ language }} code:\n{{ code }}");
    await screenshot(page, "prompt-new-version");
    await dialog.getByRole("button", { name: "Save version" }).click();
    await page.getByText("Version 1.0.1 is saved.").waitFor();
    await page.getByText("The latest version, 1.0.1, is served.").waitFor();

    await page.getByRole("button", { name: "Move label to version 1.0.0" }).click();
    const move = page.getByRole("dialog");
    await move
      .getByText("Callers of code-review will get version 1.0.0 instead of the latest version (1.0.1).")
      .waitFor();
    await move.getByRole("button", { name: "Move production" }).click();
    await page.getByText("production now points at version 1.0.0.").waitFor();
    await page.getByText("Version 1.0.0 is served: production points at it, though newer versions exist.").waitFor();
    await page.getByRole("button", { name: "Show templates of version 1.0.0" }).click();
    await screenshot(page, "prompt-production-moved");
  });

  test("expands the served version in the playground, with copy buttons", async () => {
    await page.getByLabel("Language").selectOption({ label: "go" });
    await page.getByLabel("Code").fill("func main() { fmt.Println(1) }");
    await page.getByRole("button", { name: "Expand", exact: true }).click();

    const system = page.getByRole("region", { name: "System message" });
    await system.getByText("You review go code. Be concise.").waitFor();
    // production points at 1.0.0, so its user template (without the language) is the one rendered.
    await page.getByRole("region", { name: "User message" }).getByText("Review this:").waitFor();
    await page.getByText("Rendered from version").getByText("1.0.0").waitFor();

    await page.getByRole("button", { name: "Copy system message" }).click();
    await system.getByText("Copied").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("You review go code. Be concise.");
    await screenshot(page, "prompt-playground");
  });

  test("clears production, and deprecates and restores after confirming", async () => {
    await page.getByRole("button", { name: "Clear production from version 1.0.0" }).click();
    await page
      .getByRole("alertdialog")
      .getByText("Callers of code-review will get the latest version (1.0.1)")
      .waitFor();
    await page.getByRole("alertdialog").getByRole("button", { name: "Clear production" }).click();
    await page.getByText("production is cleared.").waitFor();
    await page.getByText("The latest version, 1.0.1, is served.").waitFor();

    await page.getByRole("button", { name: "Deprecate" }).click();
    await page.getByRole("alertdialog").waitFor();
    await screenshot(page, "prompt-deprecate-confirm");
    await page.getByRole("alertdialog").getByRole("button", { name: "Deprecate" }).click();
    await page.getByText("code-review is deprecated.").waitFor();
    await page.getByRole("heading", { name: "code-review" }).getByText("Deprecated").waitFor();

    await page.getByRole("button", { name: "Restore" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Restore" }).click();
    await page.getByText("code-review is restored.").waitFor();
  });

  test("lists, searches and filters prompts", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Prompts" }).click();
    await page.waitForURL((url) => url.pathname === "/prompts");
    const row = page.getByRole("row").filter({ hasText: "code-review" });
    await row.waitFor();
    expect(await row.textContent()).toContain("1.0.1");
    expect(await row.textContent()).toContain(admin.name);
    await screenshot(page, "prompts-list");

    await page.getByLabel("Search prompts").fill("no-such-thing");
    await page.getByText("No prompts match").waitFor();
    expect(new URL(page.url()).searchParams.get("q")).toBe("no-such-thing");
    await screenshot(page, "prompts-no-match");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await row.waitFor();

    await page.getByLabel("Filter by visibility").selectOption("public");
    await page.getByText("No prompts match").waitFor();
    await page.getByLabel("Filter by visibility").selectOption("private");
    await row.waitFor();
  });

  test("keeps the page the user moved to when a search was still waiting to apply", async () => {
    await page.goto("/prompts");
    await page.getByRole("row").filter({ hasText: "code-review" }).waitFor();
    await page.getByLabel("Search prompts").pressSequentially("code");
    // At once, well within the search's delay.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.waitForTimeout(600);
    expect(new URL(page.url()).pathname).toBe("/");
    await page.goBack();
    await page.waitForURL((url) => url.pathname === "/prompts");
  });

  test("shows the dashboard's figures and quick actions", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    const prompts = page.getByRole("definition").filter({ hasText: "versions" });
    await expect.poll(() => prompts.textContent()).toBe("2 versions");
    await page.getByRole("link", { name: "New prompt" }).waitFor();
    await screenshot(page, "dashboard");
  });

  test("switches to the dark theme and keeps it", async () => {
    await page.getByRole("button", { name: "Toggle dark mode" }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
    await page.reload();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(true);
    await screenshot(page, "dashboard-dark");
    await page.goto("/prompts/code-review");
    await page.getByRole("heading", { name: "code-review" }).waitFor();
    await screenshot(page, "prompt-detail-dark");
    await page.getByRole("button", { name: "Toggle dark mode" }).click();
  });

  test("answers an unknown page with the 404 page", async () => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await screenshot(page, "not-found");
  });

  test("lets an invited colleague create an account from the invitation link", async () => {
    // Inviting has no page yet: the admin's browser session calls the API, as that page will.
    const me = await (await page.request.get("/api/v1/auth/me")).json();
    const invitation = await page.request.post("/api/v1/auth/invitations", {
      data: { email: "grace@example.com", team_id: me.team_id, role: "member" },
      headers: { origin: base },
    });
    expect(invitation.status()).toBe(201);
    const { token } = await invitation.json();

    const visitor = await context.browser()!.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    const colleague = await visitor.newPage();
    await colleague.goto(`/invite/${token}`);
    await colleague.getByText("grace@example.com").waitFor();
    await colleague.getByText(organization.name).waitFor();
    await colleague.getByLabel("Display name").fill("Grace Hopper");
    await colleague.getByLabel("Username").fill("grace");
    await colleague.getByLabel("Password").fill("nanoseconds matter");
    await screenshot(colleague, "invite-accept");
    await colleague.getByRole("button", { name: "Accept invitation" }).click();
    await colleague.getByRole("heading", { name: `You joined ${organization.name}` }).waitFor();
    await colleague.getByRole("link", { name: "Continue" }).click();
    await colleague.waitForURL("**/welcome");
    await colleague.getByRole("heading", { name: "Your team" }).waitFor();
    await colleague.goto("/");
    await colleague.getByRole("heading", { name: "Dashboard" }).waitFor();
    await colleague.getByText("Your prompts and how often they are expanded.").waitFor();
    await screenshot(colleague, "invite-dashboard");

    // The admin's prompt is private: the new member does not see it.
    await colleague.goto("/prompts");
    await colleague.getByText("No prompts yet").waitFor();
    await colleague.goto("/prompts/code-review");
    await colleague.getByText("No prompt named “code-review”").waitFor();
    await visitor.close();
  });

  test("shows an invitation link that does not exist as unusable", async () => {
    const visitor = await context.browser()!.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    const anonymous = await visitor.newPage();
    await anonymous.goto("/invite/not-a-real-token");
    await anonymous.getByRole("heading", { name: "This invitation cannot be used" }).waitFor();
    await screenshot(anonymous, "invite-unknown");
    await visitor.close();
  });
});
