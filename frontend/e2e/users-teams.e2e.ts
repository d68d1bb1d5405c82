import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

// A person in two teams: the admin adds the second team from the Users tab, and the person's
// playground shows the policies of both teams with where each comes from. Everything here is
// this file's own data.
const suffix = Date.now().toString(36);
const names = {
  design: `Design ${suffix}`,
  research: `Research ${suffix}`,
  person: `Grace Multi ${suffix}`,
  username: `grace-multi-${suffix}`,
  password: "two teams pass 1",
  prompt: `multi-team-${suffix}`,
  designPolicy: `design-voice-${suffix}`,
  researchPolicy: `research-sources-${suffix}`,
};

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("a user in several teams", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;
  let personContext: BrowserContext | undefined;
  const ids = { design: "", research: "", person: "" };

  const call = async (method: "GET" | "POST" | "PUT", path: string, data?: unknown) => {
    const response = await page.request.fetch(path, { method, data, headers: { origin: base } });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return response.json();
  };

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signInAsAdmin(page.request, base);

    const me = await call("GET", "/api/v1/auth/me");
    ids.design = (
      await call("POST", "/api/v1/teams", {
        name: names.design,
        slug: `design-${suffix}`,
        parent_team_id: me.team_id,
      })
    ).id;
    ids.research = (
      await call("POST", "/api/v1/teams", {
        name: names.research,
        slug: `research-${suffix}`,
        parent_team_id: me.team_id,
      })
    ).id;
    await call("POST", "/api/v1/policies", {
      team_id: ids.design,
      name: names.designPolicy,
      enforcement_type: "prepend",
      content: "Write in the design team's voice.",
      priority: 5,
    });
    await call("POST", "/api/v1/policies", {
      team_id: ids.research,
      name: names.researchPolicy,
      enforcement_type: "append",
      content: "Cite your sources.",
      priority: 3,
    });
    ids.person = (
      await call("POST", "/api/v1/users", {
        username: names.username,
        display_name: names.person,
        team_id: ids.design,
        password: names.password,
      })
    ).id;
    await call("POST", "/api/v1/prompts", {
      name: names.prompt,
      description: "Expanded by a member of two teams.",
      visibility: "org",
      // No inputs: the playground expands it without a form to fill.
      version: {
        version: "1.0.0",
        user_template: "Plan the week.",
        input_schema: { type: "object", properties: {} },
      },
    });
  });
  test.afterAll(async ({ browser }) => {
    await personContext?.close();
    await closeContexts(browser);
  });

  test("puts a user in a second team from the Users tab and shows both, the primary first", async () => {
    await page.goto(`/settings?tab=users&q=${names.username}`);
    const row = page.getByRole("row").filter({ hasText: `@${names.username}` });
    await row.waitFor();
    await row.getByRole("button", { name: `Teams of ${names.person}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("heading", { name: `Teams of ${names.person}` }).waitFor();
    await dialog.getByLabel(`Find a team for ${names.person}`).fill(names.research);
    await dialog.getByRole("button", { name: `Add ${names.research}`, exact: true }).click();
    await dialog.getByRole("listitem").filter({ hasText: names.research }).waitFor();
    expect(await dialog.getByRole("radio", { name: `Primary team: ${names.design}` }).isChecked()).toBe(true);
    await screenshot(page, "users-teams-dialog");
    await dialog.getByRole("button", { name: "Save teams" }).click();
    await page.getByText(`${names.person} is in 2 team(s) now.`).waitFor();

    const teams = row.getByRole("list", { name: `Teams of ${names.person}` });
    await teams.getByText(names.research).waitFor();
    // The primary team comes first and says so to screen readers.
    expect(await teams.getByRole("listitem").allTextContents()).toEqual([`${names.design} (primary)`, names.research]);
    expect((await call("GET", `/api/v1/users/${ids.person}`)).team_ids).toEqual([ids.design, ids.research]);
    await screenshot(page, "users-teams-row");
  });

  test("shows the person's playground the policies of both teams, each with its team", async () => {
    const chromium = context.browser();
    if (!chromium) throw new Error("no browser");
    personContext = await chromium.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    const personPage = await personContext.newPage();
    personPage.setDefaultTimeout(15_000);
    const login = await personPage.request.post("/api/v1/auth/login", {
      data: { email: names.username, password: names.password },
    });
    expect(login.ok(), await login.text()).toBe(true);

    await personPage.goto(`/prompts/${names.prompt}`);
    await personPage.getByRole("button", { name: "Expand", exact: true }).click();
    const applied = personPage.getByRole("region", { name: "Applied policies" });
    await applied.getByText(names.designPolicy).waitFor();
    await applied.getByText(names.researchPolicy).waitFor();
    const sources = personPage.getByRole("region", { name: "Policy sources" });
    await sources
      .getByRole("listitem")
      .filter({ hasText: names.designPolicy })
      .getByText(`Team ${names.design}`)
      .waitFor();
    await sources
      .getByRole("listitem")
      .filter({ hasText: names.researchPolicy })
      .getByText(`Team ${names.research}`)
      .waitFor();
    await screenshot(personPage, "playground-policy-sources");
  });

  test("keeps the Users tab inside a 390 px phone screen, with the role select and the teams readable", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/settings?tab=users&q=${names.username}`);
    const row = page.getByRole("row").filter({ hasText: `@${names.username}` });
    await row.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const role = row.getByLabel(`Role of ${names.person}`);
    expect(await role.inputValue()).toBe("member");
    // Wide enough for "Member" beside the arrow, not squeezed to the padding.
    expect((await role.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(100);
    const teams = row.getByRole("list", { name: `Teams of ${names.person}` });
    expect(await teams.getByRole("listitem").first().textContent()).toBe(`${names.design} (primary)`);
    expect((await teams.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(100);
    await row.getByRole("button", { name: `Move ${names.person} to another team` }).waitFor();
    await screenshot(page, "users-tab-phone");
  });
});
