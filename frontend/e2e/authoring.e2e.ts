import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

// Names no other file uses: every file runs against the same backend.
const promptName = "au-review";
const member = { username: "au_ida", display_name: "Ida Rhodes", password: "patches welcome" };
const teamRule = "Team rule: explain every finding.";

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("writing a prompt safely, and previewing it as a member", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;

  /** The admin's browser session calling the API, as the pages do (Origin is checked on writes). */
  async function post(path: string, data: unknown): Promise<Record<string, unknown>> {
    const response = await page.request.post(path, { data, headers: { origin: base } });
    expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
    return response.json();
  }

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);
    const me = await (await page.request.get("/api/v1/auth/me")).json();
    const team = await post("/api/v1/teams", { name: "Authoring Crew", slug: "au-crew", parent_team_id: me.team_id });
    await post("/api/v1/users", { ...member, team_id: team.id, role: "member" });
    await post("/api/v1/policies", {
      team_id: team.id,
      name: "Explain findings",
      enforcement_type: "prepend",
      content: teamRule,
    });
  });
  test.afterAll(async ({ browser }) => {
    await closeContexts(browser);
  });

  test("shows a template's syntax error, with its line and column, before anything is saved", async () => {
    await page.goto("/prompts/new");
    await page.getByLabel("Name").first().fill(promptName);
    // The member must see the prompt for their IDE to expand it.
    await page.getByLabel("Visibility").selectOption("org");
    await page.getByLabel("Input schema (JSON)").fill('{"type": "object", "properties": {}}');
    await page.getByLabel("User template").fill("Review this:\n{% for x in %}");
    await page.getByText("Line 2, column 13: unexpected '%}'").waitFor();
    await page.getByRole("status").getByText("1 problem to fix before saving.").waitFor();
    await screenshot(page, "authoring-syntax-error");
    // Nothing was saved: the prompt does not exist yet.
    expect((await page.request.get(`/api/v1/prompts/${promptName}`)).status()).toBe(404);
  });

  test("adds a variable the template reads to the input schema from the hint, then previews and saves", async () => {
    await page.getByLabel("User template").fill("Review this:\n{{ code }}");
    const check = page.getByRole("complementary", { name: "Template check" });
    await page.getByText("'code' is not in the input schema", { exact: false }).first().waitFor();
    await check.getByText("not in the schema").waitFor();
    await check.getByRole("button", { name: "Add code to the input schema" }).click();
    await check.getByText("No problems: this version works for every caller.").waitFor();
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText keeps the line breaks
    const schema = JSON.parse(await page.getByLabel("Input schema (JSON)").innerText());
    expect(schema.properties).toEqual({ code: { type: "string" } });

    await check.getByLabel("Code").fill("print('hi')");
    await check.getByRole("region", { name: "Preview" }).getByText("Review this:\nprint('hi')").waitFor();
    await check.getByRole("button", { name: "Template reference" }).click();
    await check.getByRole("heading", { name: "Governance (always defined)" }).waitFor();
    await screenshot(page, "authoring-fixed");

    await page.getByRole("button", { name: "Create prompt" }).click();
    await page.waitForURL(`**/prompts/${promptName}`);
    const saved = await (await page.request.get(`/api/v1/prompts/${promptName}`)).json();
    expect(saved.latest_version.input_schema.properties).toEqual({ code: { type: "string" } });
  });

  test("previews the prompt as a member, with the member's governance", async () => {
    await page.getByLabel("Expand as").selectOption("user");
    await page.getByLabel("Find a user to preview as").fill(member.username);
    await page.getByRole("button", { name: `Preview as ${member.display_name}` }).click();
    await page.getByText("Previewing as").waitFor();
    await page.getByRole("form", { name: "Playground input" }).getByLabel("Code").fill("x = 1");
    await page.getByRole("button", { name: "Preview", exact: true }).click();

    const result = page.getByRole("region", { name: "Result" });
    await result.getByRole("region", { name: "System message" }).getByText(teamRule).waitFor();
    await result.getByText(`previewed as ${member.display_name} (not recorded)`).waitFor();
    await result.getByRole("region", { name: "User message" }).getByText("Review this:").waitFor();
    await screenshot(page, "authoring-preview-as-member");

    // The same as the member's own expansion.
    const own = await context.browser()!.newContext({ baseURL: base });
    const signIn = await own.request.post("/api/v1/auth/login", {
      data: { email: member.username, password: member.password },
      headers: { origin: base },
    });
    expect(signIn.ok()).toBe(true);
    const expansion = await (
      await own.request.post(`/api/v1/expand/${promptName}`, {
        data: { input: { code: "x = 1" } },
        headers: { origin: base },
      })
    ).json();
    expect(await result.getByRole("region", { name: "System message" }).locator("pre").textContent()).toBe(
      expansion.system_message,
    );
    await own.close();
  });
});
