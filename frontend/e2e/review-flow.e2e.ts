import path from "node:path";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { describeViolations, seriousViolations } from "./support/axe";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

// Names no other file uses: every file runs against the same backend.
const promptName = "rf-lint";
const owner = { username: "rf_olga", display_name: "Olga Ladyzhenskaya", password: "reviews before release" };
const author = { username: "rf_arun", display_name: "Arun Prasad", password: "small careful changes" };
const proposedTemplate = "Lint this, security problems first:\n{{ code }}";

/** The README's and the change-control guide's picture of a change request, rewritten only on request. */
const reviewImage = path.resolve(import.meta.dirname, "..", "..", "docs", "images", "review-flow.png");

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("a protected production label: propose, review, approve, and the trace it leaves", () => {
  const base = frontendUrl;
  const headers = { origin: base };
  let browser: Browser;
  let adminPage: Page;
  let authorPage: Page;
  let ownerPage: Page;
  const contexts: BrowserContext[] = [];

  /**
   * A signed-in browser of its own for one person. The pages are audited with axe as well, whose
   * injected script the Content Security Policy would refuse (security.e2e.ts tests the policy).
   */
  async function signedIn(login: { username: string; password: string } | null): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      baseURL: base,
      colorScheme: "light",
      bypassCSP: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    if (login) {
      const response = await page.request.post("/api/v1/auth/login", {
        data: { email: login.username, password: login.password },
        headers,
      });
      expect(response.ok(), await response.text()).toBe(true);
    }
    return page;
  }

  /** No serious or critical accessibility problem on the page as it stands. */
  async function expectAccessible(page: Page) {
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(new URL(page.url()).pathname, violations)).toEqual([]);
  }

  async function send(page: Page, method: "post" | "patch", route: string, data: unknown) {
    const response = await page.request[method](route, { data, headers });
    expect(response.ok(), `${route}: ${await response.text()}`).toBe(true);
    return response.json();
  }

  test.beforeAll(async ({ browser: workerBrowser }) => {
    browser = workerBrowser;

    adminPage = await signedIn(null);
    await signInAsAdmin(adminPage.request, base);
    const me = await (await adminPage.request.get("/api/v1/auth/me")).json();

    // The owner runs a team of their own below the organization's; the author is a member of it.
    const olga = await send(adminPage, "post", "/api/v1/users", { ...owner, team_id: me.team_id, role: "member" });
    const team = await send(adminPage, "post", "/api/v1/teams", {
      name: "Review Flow Crew",
      slug: "rf-crew",
      parent_team_id: me.team_id,
      owner_id: olga.id,
    });
    await send(adminPage, "post", "/api/v1/users", { ...author, team_id: team.id, role: "member" });

    // The author's prompt exists before production is protected, with its first version served.
    authorPage = await signedIn(author);
    await send(authorPage, "post", "/api/v1/prompts", {
      name: promptName,
      description: "Finds problems in a snippet of code.",
      visibility: "org",
      version: {
        version: "1.0.0",
        user_template: "Lint this:\n{{ code }}",
        input_schema: { type: "object", properties: { code: { type: "string" } }, required: ["code"] },
        tags: ["lint"],
      },
    });
    ownerPage = await signedIn(owner);
  });

  test.afterAll(async ({ browser: workerBrowser }) => {
    // Other files share this backend: leave labels unprotected, as a fresh installation has them.
    if (adminPage) {
      await adminPage.request.patch("/api/v1/settings", { data: { protected_labels: [] }, headers });
    }
    for (const context of contexts) await context.close();
    await closeContexts(workerBrowser);
  });

  test("lets the admin protect production, after saying what that means", async () => {
    await adminPage.goto("/settings?tab=change-control");
    await adminPage.getByRole("heading", { name: "Protected labels" }).waitFor();
    await adminPage.getByRole("button", { name: "Protect production" }).click();
    const confirm = adminPage.getByRole("alertdialog");
    await confirm.getByText("Every prompt will need an approved review to change what production serves.").waitFor();
    await confirm.getByRole("button", { name: "Protect production" }).click();
    await adminPage.getByText("production is protected: moving it needs a review.").waitFor();
    await adminPage.getByRole("list", { name: "Protected labels" }).getByText("production").waitFor();
    await screenshot(adminPage, "review-flow-protected");
    await expectAccessible(adminPage);

    const settings = await (await adminPage.request.get("/api/v1/settings")).json();
    expect(settings.protected_labels).toEqual(["production"]);
    // Nothing served changed: the prompt's first version now carries the production label.
    const prompt = await (await adminPage.request.get(`/api/v1/prompts/${promptName}`)).json();
    expect(prompt.labels).toEqual({ production: "1.0.0" });
  });

  test("turns the author's move of production into a change request", async () => {
    await authorPage.goto(`/prompts/${promptName}`);
    await authorPage.getByRole("button", { name: "New version" }).click();
    const dialog = authorPage.getByRole("dialog");
    await dialog.getByLabel("Version").fill("2.0.0");
    await dialog.getByLabel("User template").fill(proposedTemplate);
    await dialog.getByLabel("Change note").fill("Security problems first: they matter most.");
    await dialog.getByRole("button", { name: "Save version" }).click();
    await authorPage.getByText("Version 2.0.0 is saved.").waitFor();
    // Protected production still points at the first version.
    await authorPage
      .getByText("Version 1.0.0 is served: production points at it, though newer versions exist.")
      .waitFor();

    await authorPage.getByRole("button", { name: "Move label to version 2.0.0" }).click();
    const move = authorPage.getByRole("dialog");
    await move.getByText("Callers of rf-lint will get version 2.0.0 instead of 1.0.0 (production).").waitFor();
    await move.getByLabel("Comment").fill("Ready for everyone: tried it on last week's pull requests.");
    await move.getByRole("button", { name: "Move production" }).click();
    await authorPage.getByText("The label is protected, so a change request is open").waitFor();
    await screenshot(authorPage, "review-flow-proposed");
    await expectAccessible(authorPage);

    const prompt = await (await authorPage.request.get(`/api/v1/prompts/${promptName}`)).json();
    expect(prompt.active_version.version).toBe("1.0.0");
    const mine = await (await authorPage.request.get(`/api/v1/change-requests?mine=true&prompt=${promptName}`)).json();
    expect(mine.items.map((request: { state: string; version: string }) => [request.state, request.version])).toEqual([
      ["open", "2.0.0"],
    ]);
  });

  test("shows the team owner what waits, the diff against what is served, and applies the approval", async () => {
    await ownerPage.goto("/");
    const waiting = ownerPage.getByRole("region", { name: "Waiting for your review" });
    await waiting.getByText("1", { exact: true }).waitFor();
    const menu = ownerPage.getByRole("navigation", { name: "Main" }).first();
    await menu.getByRole("link", { name: /Reviews.*1 waiting for your review/ }).click();
    await ownerPage.waitForURL((url) => url.pathname === "/reviews");
    const row = ownerPage.getByRole("row").filter({ hasText: promptName });
    await row.getByRole("link").click();
    await ownerPage.waitForURL((url) => url.pathname.startsWith("/reviews/"));

    const changes = ownerPage.getByRole("region", { name: "User template changes" });
    await changes.getByText("Added: Lint this, security problems first:").waitFor();
    await changes.getByText("Removed: Lint this:").waitFor();
    await ownerPage.getByRole("region", { name: "Change note changes" }).getByText("Security problems first").waitFor();
    await ownerPage
      .getByRole("list", { name: "Comments" })
      .getByText("tried it on last week's pull requests")
      .waitFor();
    await screenshot(ownerPage, "review-flow-change-request");
    await expectAccessible(ownerPage);
    if (process.env.UPDATE_SCREENSHOTS === "1") {
      await ownerPage.evaluate(() => window.scrollTo(0, 0));
      await ownerPage.screenshot({ path: reviewImage, fullPage: true });
    }

    await ownerPage.getByRole("button", { name: "Approve" }).click();
    const approve = ownerPage.getByRole("dialog");
    await approve.getByLabel("Comment (optional)").fill("Looks right.");
    await approve.getByRole("button", { name: "Approve" }).click();
    await ownerPage.getByText("Approved: production of rf-lint now points at version 2.0.0.").waitFor();
    await ownerPage.getByText("Approved and applied.").waitFor();
  });

  test("serves the approved version", async () => {
    await ownerPage.goto(`/prompts/${promptName}`);
    await ownerPage.getByText("Version 2.0.0 is served: production points at it.").waitFor();
    const prompt = await (await ownerPage.request.get(`/api/v1/prompts/${promptName}`)).json();
    expect(prompt.active_version.version).toBe("2.0.0");
    expect(prompt.labels).toEqual({ production: "2.0.0" });
  });

  test("shows the move in the author's History tab and in the owner's audit log", async () => {
    await authorPage.goto(`/prompts/${promptName}`);
    await authorPage.getByRole("tab", { name: "History" }).click();
    const history = authorPage.getByRole("row").filter({ hasText: "prompt.label_moved" });
    await history.first().waitFor();
    await history.first().getByRole("button").click();
    await authorPage.getByRole("rowheader", { name: "labels.production" }).first().waitFor();
    await screenshot(authorPage, "review-flow-history");
    await expectAccessible(authorPage);

    await ownerPage.getByRole("navigation", { name: "Main" }).first().getByRole("link", { name: "Audit" }).click();
    await ownerPage.waitForURL((url) => url.pathname === "/audit");
    await ownerPage.getByLabel("Action").selectOption("prompt.label_moved");
    await ownerPage.waitForURL((url) => url.searchParams.get("action") === "prompt.label_moved");
    const moved = ownerPage.getByRole("row").filter({ hasText: promptName });
    await moved.first().waitFor();
    await moved.first().getByRole("button").click();
    await screenshot(ownerPage, "review-flow-audit");
    await expectAccessible(ownerPage);

    const events = await (
      await ownerPage.request.get("/api/v1/audit?action=prompt.label_moved&target_type=prompt")
    ).json();
    expect(events.items.some((event: { target: { name: string } }) => event.target.name === promptName)).toBe(true);
  });
});
