import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

// The prompt and the colleague have names no other file uses, since every file runs against the
// same backend.
const colleague = { username: "px_grace", display_name: "Grace Hopper", password: "compile the compiler" };
const promptName = "px-summarize";

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("a prompt's versions, details and shares in the browser", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;

  /** The admin's browser session calling the API, as the pages do (Origin is checked on writes). */
  async function send(method: "post" | "put", path: string, data: unknown): Promise<Record<string, unknown>> {
    const response = await page.request[method](path, { data, headers: { origin: base } });
    expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
    return response.json();
  }

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);
    const me = await (await page.request.get("/api/v1/auth/me")).json();
    await send("post", "/api/v1/users", { ...colleague, team_id: me.team_id, role: "member" });
    await send("post", "/api/v1/prompts", {
      name: promptName,
      visibility: "private",
      version: {
        version: "1.0.0",
        tags: ["notes"],
        system_template: "You summarise text.",
        user_template: "Summarise:\n{{ text }}",
        input_schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
      },
    });
    await send("put", `/api/v1/prompts/${promptName}`, {
      version: "1.1.0",
      tags: ["notes", "short"],
      system_template: "You summarise text.",
      user_template: "Summarise in three bullet points:\n{{ text }}",
      input_schema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    });
  });
  test.afterAll(async ({ browser }) => {
    await closeContexts(browser);
  });

  test("compares two versions side by side", async () => {
    await page.goto(`/prompts/${promptName}`);
    // The comparison has a tab of its own, beside the version list.
    await page.getByRole("tab", { name: "Compare versions" }).click();
    const compare = page.getByRole("region", { name: "User template changes" });
    await compare.waitFor();
    expect(await page.getByLabel("From version").inputValue()).toBe("1.0.0");
    expect(await page.getByLabel("To version").inputValue()).toBe("1.1.0");
    await compare.getByText("Removed: Summarise:").waitFor();
    await compare.getByText("Added: Summarise in three bullet points:").waitFor();
    await page.getByRole("region", { name: "Tags changes" }).getByText("Added: short").waitFor();
    // Unchanged parts say so instead of repeating both sides.
    const system = page.getByRole("region", { name: "System template changes" });
    expect(await system.getByRole("table").count()).toBe(0);
    await page.getByRole("heading", { name: "Compare versions" }).scrollIntoViewIfNeeded();
    await screenshot(page, "prompt-compare");

    await page.getByLabel("From version").selectOption("1.1.0");
    await page.getByText("Pick two different versions to see changes.").waitFor();
    expect(await compare.getByRole("table").count()).toBe(0);
  });

  test("changes the description and the visibility", async () => {
    await page.getByRole("button", { name: "Edit details" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Description").fill("Short summaries of long notes.");
    await dialog.getByLabel("Visibility").selectOption("org");
    await screenshot(page, "prompt-edit-details");
    await dialog.getByRole("button", { name: "Save details" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText("The details are saved.").waitFor();
    await page.getByText("Short summaries of long notes.").waitFor();
    await page.getByTitle("Visibility: Organization").waitFor();
    const saved = await (await page.request.get(`/api/v1/prompts/${promptName}`)).json();
    expect(saved).toMatchObject({ description: "Short summaries of long notes.", visibility: "org" });
  });

  test("shares the prompt with a colleague, and stops sharing after confirming", async () => {
    await page.getByRole("button", { name: "Share" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Nobody yet.").waitFor();
    await dialog.getByLabel("Find someone to share with").fill("px_grace");
    await dialog.getByRole("button", { name: `Share with ${colleague.display_name}` }).click();
    const shared = dialog.getByRole("region", { name: "Shared with" });
    await shared.getByText(colleague.display_name).waitFor();
    await screenshot(page, "prompt-share");
    const shares = await (await page.request.get(`/api/v1/prompts/${promptName}/shares`)).json();
    expect(shares.map((share: { username: string }) => share.username)).toEqual([colleague.username]);

    await shared.getByRole("button", { name: `Stop sharing with ${colleague.display_name}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Stop sharing" }).click();
    await shared.getByText("Nobody yet.").waitFor();
  });
});
