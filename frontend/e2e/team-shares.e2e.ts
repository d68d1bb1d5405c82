import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

// Every name carries this run's suffix: the backend is shared with the other files.
const suffix = Date.now().toString(36);
const teamName = `Docs Guild ${suffix}`;
const teamSlug = `docs-guild-${suffix}`;
const member = { username: `ts_member_${suffix}`, display_name: "Mary Somerville", password: "analytical engines" };
const promptName = `ts-release-notes-${suffix}`;

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("sharing a private prompt with a team in the browser", () => {
  const base = frontendUrl;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  /** A browser session calling the API, as the pages do (Origin is checked on writes). */
  async function send(on: Page, method: "post" | "put", path: string, data: unknown) {
    const response = await on.request[method](path, { data, headers: { origin: base } });
    expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
    return response.json();
  }

  /** The member's own browser, signed in: what they see of the prompts list. */
  async function memberSeesPrompt(): Promise<boolean> {
    const memberContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    try {
      const memberPage = await memberContext.newPage();
      memberPage.setDefaultTimeout(15_000);
      await send(memberPage, "post", "/api/v1/auth/login", { email: member.username, password: member.password });
      // Searching for this run's suffix leaves only this file's prompt, or nothing.
      await memberPage.goto(`/prompts?q=${suffix}`);
      const row = memberPage.getByRole("link", { name: promptName });
      const empty = memberPage.getByText("No prompts match");
      await row.or(empty).first().waitFor();
      const seen = await row.isVisible();
      if (seen) await screenshot(memberPage, "team-share-member-list");
      return seen;
    } finally {
      await memberContext.close();
    }
  }

  test.beforeAll(async ({ browser: workerBrowser }) => {
    browser = workerBrowser;
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);
    const me = await (await page.request.get("/api/v1/auth/me")).json();
    const team = await send(page, "post", "/api/v1/teams", {
      name: teamName,
      slug: teamSlug,
      parent_team_id: me.team_id,
    });
    await send(page, "post", "/api/v1/users", {
      ...member,
      email: `${member.username}@example.com`,
      team_id: team.id,
    });
    await send(page, "post", "/api/v1/prompts", {
      name: promptName,
      visibility: "private",
      version: { version: "1", user_template: "Write release notes for {{ input }}" },
    });
  });
  test.afterAll(async () => {
    await closeContexts(browser);
  });

  test("keeps a private prompt from the team's member before it is shared", async () => {
    expect(await memberSeesPrompt()).toBe(false);
  });

  test("shares the prompt with the team from the dialog, using the keyboard", async () => {
    await page.goto(`/prompts/${promptName}`);
    await page.getByRole("button", { name: "Share" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Nobody yet.").waitFor();
    // The person/team choice is a radio group: arrow keys move between its options.
    await dialog.getByRole("radio", { name: "A person" }).focus();
    await page.keyboard.press("ArrowRight");
    expect(await dialog.getByRole("radio", { name: "A team" }).isChecked()).toBe(true);
    await dialog.getByLabel("Find a team to share with").fill(teamName);
    await dialog.getByRole("checkbox", { name: /Include sub-teams/ }).check();
    await dialog.getByRole("button", { name: `Share with ${teamName}` }).click();
    const shared = dialog.getByRole("region", { name: "Shared with" });
    await shared.getByText(teamName).waitFor();
    await shared.getByText("and sub-teams").waitFor();
    await screenshot(page, "team-share-dialog");
    const shares = await (await page.request.get(`/api/v1/prompts/${promptName}/shares`)).json();
    expect(shares).toMatchObject([{ kind: "team", team_name: teamName, include_subteams: true }]);
  });

  test("shows the prompt in the list of a member of that team", async () => {
    expect(await memberSeesPrompt()).toBe(true);
  });

  test("removes the team share after confirming, and the member no longer sees the prompt", async () => {
    const dialog = page.getByRole("dialog");
    const shared = dialog.getByRole("region", { name: "Shared with" });
    await shared.getByRole("button", { name: `Stop sharing with ${teamName}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Stop sharing" }).click();
    await shared.getByText("Nobody yet.").waitFor();
    expect(await (await page.request.get(`/api/v1/prompts/${promptName}/shares`)).json()).toEqual([]);
    expect(await memberSeesPrompt()).toBe(false);
  });
});
