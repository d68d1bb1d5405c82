import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

/** Names of this file's own data: other files share the backend. */
const suffix = Date.now().toString(36);
const greet = `wr-greet-${suffix}`;
const shout = `wr-shout-${suffix}`;
const workflowName = `Run history ${suffix}`;

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("a workflow's run history and step graph", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;
  let workflowId = "";

  async function post(path: string, data: unknown): Promise<Record<string, unknown>> {
    const response = await page.request.post(path, { data, headers: { origin: base } });
    expect(response.status(), `${path}: ${await response.text()}`).toBe(201);
    return response.json();
  }

  const prompt = (name: string, userTemplate: string, variable: string) => ({
    name,
    visibility: "private",
    version: {
      version: "1.0.0",
      user_template: userTemplate,
      input_schema: { type: "object", properties: { [variable]: { type: "string" } }, required: [variable] },
    },
  });

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);
    await post("/api/v1/prompts", prompt(greet, "Outline {{ topic }}.", "topic"));
    await post("/api/v1/prompts", prompt(shout, "Shout: {{ greet }}", "greet"));
    const workflow = await post("/api/v1/workflows", {
      name: workflowName,
      steps: [
        { id: "greet", prompt_name: greet },
        { id: "shout", prompt_name: shout, depends_on: ["greet"] },
      ],
    });
    workflowId = String(workflow.id);
  });
  test.afterAll(async ({ browser }) => {
    // Later files expect a workflow list of their own: this one goes, and its runs with it.
    if (workflowId) await page?.request.delete(`/api/v1/workflows/${workflowId}`, { headers: { origin: base } });
    await closeContexts(browser);
  });

  test("draws the steps in run order, as focusable nodes and as a list", async () => {
    await page.goto(`/workflows/${workflowId}`);
    await page.getByRole("heading", { name: workflowName }).waitFor();
    const first = page.getByRole("group", { name: `Step 1: greet, prompt ${greet} (served version)` });
    const second = page.getByRole("group", {
      name: `Step 2: shout, prompt ${shout} (served version), receives the output of greet`,
    });
    await first.waitFor();
    await second.waitFor();
    await page.getByRole("img", { name: "greet gives its output to shout" }).waitFor({ state: "attached" });
    expect(await page.locator(".react-flow__edge").count()).toBe(1);
    const list = page.getByRole("region", { name: "Steps in run order" });
    expect(await list.getByRole("listitem").allTextContents()).toEqual([
      `Step 1: greet, prompt ${greet} (served version)`,
      `Step 2: shout, prompt ${shout} (served version), receives the output of greet`,
    ]);
    await first.focus();
    expect(await first.evaluate((node) => node === document.activeElement)).toBe(true);
    await page.getByText("No runs yet").waitFor();
    await screenshot(page, "workflow-graph");
  });

  test("shows a run made on the page in the history, and its detail with each step's result", async () => {
    await page.getByLabel(/^Topic/).fill("caching");
    await page.getByRole("button", { name: "Run workflow" }).click();
    await page.getByRole("article", { name: "Result of step shout" }).getByText("Shout: Outline caching.").waitFor();

    const runs = page.getByRole("list", { name: `Runs of ${workflowName}` });
    const entry = runs.getByRole("button", { name: /^Open run: Succeeded run by you via Web UI, .*, 2 steps in/ });
    await entry.waitFor();
    await entry.click();

    const dialog = page.getByRole("dialog", { name: `Run of ${workflowName}` });
    await dialog.waitFor();
    await dialog.getByRole("region", { name: "Run input" }).getByText('"topic": "caching"').waitFor();
    await dialog.getByRole("article", { name: "Result of step greet" }).getByText("Outline caching.").waitFor();
    await dialog.getByRole("article", { name: "Result of step shout" }).getByText("Shout: Outline caching.").waitFor();
    expect(await dialog.textContent()).toContain("Web UI");
    await screenshot(page, "workflow-run-detail");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });

  test("filters the history by status and pages through it", async () => {
    await page.getByLabel("Show").selectOption("failed");
    await page.getByText("No failed runs").waitFor();
    await page.getByLabel("Show").selectOption("succeeded");
    const runs = page.getByRole("list", { name: `Runs of ${workflowName}` });
    await runs.getByRole("button", { name: /^Open run: Succeeded/ }).waitFor();
    expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);
  });

  test("stays within a phone's width, graph included", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("group", { name: /^Step 2: shout/ }).waitFor();
    const runs = page.getByRole("list", { name: `Runs of ${workflowName}` });
    await runs.waitFor();
    const within = async (box: { x: number; width: number } | null) =>
      expect(box && box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box)).toBe(true);
    await within(await page.getByRole("group", { name: /^Step 1: greet/ }).boundingBox());
    await within(await page.getByRole("group", { name: /^Step 2: shout/ }).boundingBox());
    await within(await runs.boundingBox());
    await within(await runs.getByRole("button").first().boundingBox());
    await screenshot(page, "workflow-graph-phone");
  });
});
