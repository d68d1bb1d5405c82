import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { describeViolations, seriousViolations } from "./support/axe";
import { appInteractive, closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

// Every file runs against the same backend: this one's prompt and project have names of their own.
const suffix = Date.now().toString(36);
const promptName = `pal-brief-${suffix}`;
const project = { name: `Palette ${suffix}`, slug: `palette-${suffix}` };

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("the command palette, duplicating a prompt and copying ids", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;
  let projectId: string;

  /** The admin's browser session calling the API, as the pages do (Origin is checked on writes). */
  async function send(method: "post" | "put", path: string, data: unknown): Promise<Record<string, unknown>> {
    const response = await page.request[method](path, { data, headers: { origin: base } });
    expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
    return response.json();
  }

  const palette = () => page.getByRole("dialog", { name: "Command palette" });
  const field = () => palette().getByRole("combobox");
  const selectedOption = () => palette().locator('[role="option"][aria-selected="true"]');

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);
    const me = await (await page.request.get("/api/v1/auth/me")).json();
    const schema = { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] };
    await send("post", "/api/v1/prompts", {
      name: promptName,
      description: "Writes a one-page brief",
      visibility: "org",
      version: {
        version: "1.0.0",
        tags: ["writing"],
        system_template: "You write briefs.",
        user_template: "Brief on {{ topic }}",
        input_schema: schema,
      },
    });
    await send("put", `/api/v1/prompts/${promptName}`, {
      version: "1.1.0",
      tags: ["writing", "short"],
      system_template: "You write short briefs.",
      user_template: "A short brief on {{ topic }}",
      input_schema: schema,
    });
    projectId = String((await send("post", "/api/v1/projects", { ...project, team_id: me.team_id })).id);
  });
  test.afterAll(async ({ browser }) => {
    await closeContexts(browser);
  });

  test("opens on Ctrl+K anywhere, finds a prompt by name as you type, and opens it on Enter", async () => {
    await page.goto("/");
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await appInteractive(page);
    await page.keyboard.press("Control+k");
    await palette().waitFor();
    // Typing starts at once: the search field has focus, and says which list it drives.
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("combobox");
    expect(await field().getAttribute("aria-controls")).toBe(await palette().getByRole("listbox").getAttribute("id"));
    // With nothing typed it offers the pages and the actions.
    await palette().getByRole("group", { name: "Pages" }).getByRole("option", { name: "Prompts" }).waitFor();
    await palette().getByRole("group", { name: "Actions" }).getByRole("option", { name: "New prompt" }).waitFor();

    await field().pressSequentially(promptName);
    const found = palette().getByRole("group", { name: "Prompts" }).getByRole("option", { name: promptName });
    await found.waitFor();
    expect(await found.getAttribute("aria-selected")).toBe("true");
    expect(await field().getAttribute("aria-activedescendant")).toBe(await found.getAttribute("id"));
    await screenshot(page, "palette-prompt");
    const violations = await seriousViolations(page);
    expect(violations, describeViolations("command palette", violations)).toEqual([]);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === `/prompts/${promptName}`);
    await page.getByRole("heading", { name: promptName, level: 1 }).waitFor();
    expect(await palette().count()).toBe(0);
  });

  test("moves with the arrow keys and runs an action: New prompt", async () => {
    await page.keyboard.press("Control+k");
    await field().fill("new");
    await palette().getByRole("option", { name: "New prompt" }).waitFor();
    const first = await selectedOption().textContent();
    await page.keyboard.press("ArrowDown");
    expect(await selectedOption().textContent()).not.toBe(first);
    await page.keyboard.press("ArrowUp");
    expect(await selectedOption().textContent()).toBe(first);

    await field().fill("new prompt");
    await page.waitForFunction(
      () => document.querySelector('[role="option"][aria-selected="true"]')?.textContent === "New prompt",
    );
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/prompts/new");
    await page.getByRole("heading", { name: "New prompt", level: 1 }).waitFor();
  });

  test("closes on Escape, opens from the header button too, and finds projects", async () => {
    const trigger = page.getByRole("button", { name: "Search and commands" });
    await trigger.click();
    await palette().waitFor();
    await page.keyboard.press("Escape");
    await palette().waitFor({ state: "detached" });
    // Focus goes back to where it was: the button that opened it.
    expect(await trigger.evaluate((button) => button === document.activeElement)).toBe(true);

    await page.keyboard.press("Control+k");
    await field().pressSequentially(project.slug);
    await palette().getByRole("group", { name: "Projects" }).getByRole("option", { name: project.name }).waitFor();
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === `/projects/${projectId}`);
  });

  test("shows the project's id on its page and in the list, with copy buttons that work", async () => {
    await page.getByRole("heading", { name: project.name, level: 1 }).waitFor();
    await page.getByText(projectId, { exact: true }).first().waitFor();
    const copy = page.getByRole("button", { name: "Copy project id" });
    await copy.click();
    // The button says so (to screen readers too) once the id is on the clipboard.
    await copy.getByText("Copied").waitFor({ state: "attached" });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(projectId);
    await screenshot(page, "project-id");

    await page.goto(`/projects?q=${project.slug}`);
    const listCopy = page.getByRole("button", { name: `Copy the id of ${project.name}` });
    await listCopy.click();
    await listCopy.getByText("Copied").waitFor({ state: "attached" });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(projectId);
  });

  test("gives a prompt's page copy buttons for its name and the CLI command", async () => {
    await page.goto(`/prompts/${promptName}`);
    await page.getByRole("button", { name: "Copy prompt name" }).click();
    await page.getByRole("button", { name: "Copy prompt name" }).getByText("Copied").waitFor({ state: "attached" });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(promptName);
    await page.getByRole("button", { name: "Copy CLI command" }).click();
    await page.getByRole("button", { name: "Copy CLI command" }).getByText("Copied").waitFor({ state: "attached" });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`spechub expand ${promptName}`);
  });

  test("duplicates a prompt under a new name: a taken name is refused at the field, then the copy opens", async () => {
    await page.getByRole("button", { name: "Duplicate" }).click();
    const dialog = page.getByRole("dialog", { name: `Duplicate ${promptName}` });
    const name = dialog.getByLabel("New name");
    await name.waitFor();
    expect(await name.inputValue()).toBe(`${promptName}-copy`);
    expect(await dialog.getByLabel("Copy version").inputValue()).not.toBe("");
    expect(await dialog.getByLabel("Visibility").inputValue()).toBe("private");
    const versions = await (await page.request.get(`/api/v1/prompts/${promptName}/versions`)).json();
    const first = versions.find((version: { version: string }) => version.version === "1.0.0");
    await dialog.getByLabel("Copy version").selectOption(first.id);

    await name.fill(promptName);
    await dialog.getByRole("button", { name: "Duplicate", exact: true }).click();
    await dialog.getByText(`A prompt named “${promptName}” already exists`).waitFor();
    expect(await name.getAttribute("aria-invalid")).toBe("true");

    await name.fill("Not A Name");
    await dialog.getByRole("button", { name: "Duplicate", exact: true }).click();
    await dialog.getByText("Lower-case letters, digits and '-' only, e.g. code-review").waitFor();

    const copyName = `${promptName}-copy`;
    await name.fill(copyName);
    await dialog.getByRole("button", { name: "Duplicate", exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/prompts/${copyName}`);
    await page.getByRole("heading", { name: copyName, level: 1 }).waitFor();
    await screenshot(page, "prompt-duplicated");

    const copy = await (await page.request.get(`/api/v1/prompts/${copyName}`)).json();
    const me = await (await page.request.get("/api/v1/auth/me")).json();
    expect(copy.user_id).toBe(me.id);
    expect(copy.visibility).toBe("private");
    expect(copy.description).toBe("Writes a one-page brief");
    const copied = await (await page.request.get(`/api/v1/prompts/${copyName}/versions`)).json();
    expect(copied).toHaveLength(1);
    expect(copied[0]).toMatchObject({
      version: "1.0.0",
      system_template: "You write briefs.",
      user_template: "Brief on {{ topic }}",
      tags: ["writing"],
      change_note: `Copied from ${promptName} version 1.0.0`,
    });
  });

  test("opens the new API key dialog from the palette, with an example that passes the project's id", async () => {
    await page.keyboard.press("Control+k");
    await field().fill("create api key");
    await page.waitForFunction(
      () => document.querySelector('[role="option"][aria-selected="true"]')?.textContent === "Create API key",
    );
    await page.keyboard.press("Enter");
    const create = page.getByRole("dialog", { name: "New API key" });
    await create.waitFor();
    // The request is dropped from the address, so a reload does not open the dialog again.
    await page.waitForURL((url) => url.pathname === "/settings" && !url.searchParams.has("new"));
    await create.getByLabel("Name").fill(`palette key ${suffix}`);
    await create.getByRole("button", { name: "Create key" }).click();

    const created = page.getByRole("dialog", { name: `API key “palette key ${suffix}” is created` });
    await created.waitFor();
    const choice = created.getByLabel("Project", { exact: true });
    if (await choice.count()) await choice.selectOption({ label: project.name });
    await created.getByTestId("project-example-mcp").getByText(`"project": "${projectId}"`).waitFor();
    const cli = await created.getByTestId("project-example-cli").textContent();
    expect(cli).toContain("SPECHUB_API_KEY=");
    expect(cli).toContain(`--project ${projectId}`);
    await created.getByRole("button", { name: "I have copied it" }).click();
  });

  test("works on a phone: the header's search button opens it and a tap chooses", async () => {
    const phone = await context.browser()!.newContext({
      viewport: { width: 390, height: 844 },
      baseURL: base,
      hasTouch: true,
      isMobile: true,
      storageState: await context.storageState(),
    });
    try {
      const mobile = await phone.newPage();
      mobile.setDefaultTimeout(15_000);
      await mobile.goto("/");
      await mobile.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
      await mobile.getByRole("button", { name: "Search and commands" }).tap();
      const dialog = mobile.getByRole("dialog", { name: "Command palette" });
      await dialog.getByRole("combobox").fill("workflows");
      const option = dialog.getByRole("option", { name: "Workflows", exact: true });
      await option.waitFor();
      // The palette fits the screen: nothing sticks out sideways.
      const box = await dialog.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      await option.tap();
      await mobile.waitForURL((url) => url.pathname === "/workflows");
    } finally {
      await phone.close();
    }
  });
});
