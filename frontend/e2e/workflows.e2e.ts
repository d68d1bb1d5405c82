import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

const colleague = { username: "wf_hedy", display_name: "Hedy Lamarr", password: "frequency hopping" };

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("workflows and projects in the browser", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;

  /** The admin's browser session calling the API, as the pages do (Origin is checked on writes). */
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
      tags: [],
      system_template: null,
      user_template: userTemplate,
      input_schema: { type: "object", properties: { [variable]: { type: "string" } }, required: [variable] },
    },
  });

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);
    const me = await (await page.request.get("/api/v1/auth/me")).json();
    await post("/api/v1/prompts", prompt("wf-outline", "Outline a post about {{ topic }}.", "topic"));
    await post("/api/v1/prompts", prompt("wf-draft", "Write the post from this outline: {{ outline }}", "outline"));
    await post("/api/v1/users", { ...colleague, team_id: me.team_id, role: "member" });
    // The list starts empty whichever files ran on this worker's backend before this one.
    const workflows: { id: string }[] = await (await page.request.get("/api/v1/workflows")).json();
    for (const workflow of workflows) {
      const deleted = await page.request.delete(`/api/v1/workflows/${workflow.id}`, { headers: { origin: base } });
      expect(deleted.ok(), await deleted.text()).toBe(true);
    }
  });
  test.afterAll(async ({ browser }) => {
    await closeContexts(browser);
  });

  test("shows an empty workflow list, then builds two steps where the second depends on the first", async () => {
    await page.goto("/workflows");
    await page.getByText("No workflows yet").waitFor();
    await screenshot(page, "workflows-empty");

    await page.getByRole("link", { name: "New workflow" }).first().click();
    await page.waitForURL("**/workflows/new");
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("Blog post");
    await page.getByLabel("Description").fill("Outlines a topic, then drafts the post.");

    await page.getByRole("button", { name: "Add step" }).click();
    await page.getByRole("region", { name: "Step step_1" }).getByLabel("Step id").fill("outline");
    const outline = page.getByRole("region", { name: "Step outline" });
    await outline.getByLabel("Prompt").fill("wf-outline");

    await page.getByRole("button", { name: "Add step" }).click();
    await page.getByRole("region", { name: "Step step_2" }).getByLabel("Step id").fill("draft");
    const draft = page.getByRole("region", { name: "Step draft" });
    await draft.getByLabel("Prompt").fill("wf-draft");
    await draft.getByLabel("Version").selectOption("1.0.0");
    await draft.getByRole("checkbox", { name: "outline", exact: true }).check();
    await screenshot(page, "workflow-builder");
  });

  test("shows a refused dependency cycle on the steps it concerns, then saves once it is fixed", async () => {
    const outline = page.getByRole("region", { name: "Step outline" });
    const draft = page.getByRole("region", { name: "Step draft" });
    await outline.getByRole("checkbox", { name: "draft", exact: true }).check();
    await page.getByRole("button", { name: "Create workflow" }).click();

    await page.getByRole("alert").filter({ hasText: "form a dependency cycle" }).waitFor();
    await outline.getByText(/Steps '(outline|draft)', '(outline|draft)' form a dependency cycle/).waitFor();
    await draft.getByText(/form a dependency cycle/).waitFor();
    await screenshot(page, "workflow-cycle-refused");

    await outline.getByRole("checkbox", { name: "draft", exact: true }).uncheck();
    await page.getByRole("button", { name: "Create workflow" }).click();
    await page.waitForURL((url) => /^\/workflows\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole("heading", { name: "Blog post" }).waitFor();
    expect(
      await page
        .getByRole("region", { name: "Step draft" })
        .getByRole("checkbox", { name: "outline", exact: true })
        .isChecked(),
    ).toBe(true);
  });

  test("asks for the run input in a form built from the steps' input schemas, and checks it before running", async () => {
    const form = page.getByRole("tabpanel", { name: "Form" });
    // wf-draft's `outline` is the output of step outline: only wf-outline's topic is asked for.
    await page
      .getByRole("region", { name: "Filled in by earlier steps" })
      .getByText("outline in step draft: the output of step outline")
      .waitFor();
    expect(await form.getByRole("textbox").count()).toBe(1);
    await form.getByText("Used by step outline.").waitFor();

    await page.getByRole("button", { name: "Run workflow" }).click();
    await form.getByText("Required", { exact: true }).waitFor();
    expect(await page.getByRole("article").count()).toBe(0);
    await screenshot(page, "workflow-run-required");
  });

  test("runs the workflow and shows each step's messages and the outputs", async () => {
    await page.getByLabel(/^Topic/).fill("caching");
    await page.getByRole("button", { name: "Run workflow" }).click();
    const first = page.getByRole("article", { name: "Result of step outline" });
    const second = page.getByRole("article", { name: "Result of step draft" });
    await first.getByText("Outline a post about caching.").waitFor();
    await second.getByText("Write the post from this outline: Outline a post about caching.").waitFor();
    expect(await second.textContent()).toContain("wf-draft @ 1.0.0");
    await page.getByText("All 2 steps ran, in dependency order.").waitFor();
    await page.getByRole("region", { name: "Outputs" }).getByText("Output of draft").waitFor();

    await page.getByRole("button", { name: "Copy user message of step outline" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("Outline a post about caching.");
    await screenshot(page, "workflow-run");
  });

  test("switches the input to JSON and back, carrying the values over", async () => {
    await page.getByRole("tab", { name: "JSON" }).click();
    expect(JSON.parse(await page.getByLabel("Input (JSON)").inputValue())).toEqual({ topic: "caching" });

    await page.getByLabel("Input (JSON)").fill("[1, 2]");
    await page.getByRole("tab", { name: "Form" }).click();
    await page.getByText('Must be a JSON object, like {"topic"').waitFor();
    expect(await page.getByRole("tab", { name: "JSON" }).getAttribute("aria-selected")).toBe("true");

    await page.getByLabel("Input (JSON)").fill('{"topic": "retries", "audience": "operators"}');
    await page.getByRole("tab", { name: "Form" }).click();
    expect(await page.getByLabel(/^Topic/).inputValue()).toBe("retries");
    await page.getByText("Also sends audience from the JSON input, which no step declares.").waitFor();
    await page.getByRole("button", { name: "Run workflow" }).click();
    await page
      .getByRole("article", { name: "Result of step outline" })
      .getByText("Outline a post about retries.")
      .waitFor();
  });

  test("shares the workflow with a colleague", async () => {
    await page.getByRole("button", { name: "Share" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Nobody yet.").waitFor();
    await dialog.getByLabel("Find someone to share with").fill("hedy");
    await dialog.getByRole("button", { name: `Share with ${colleague.display_name}` }).click();
    await dialog.getByRole("region", { name: "Shared with" }).getByText(colleague.display_name).waitFor();
    await screenshot(page, "workflow-share");
    await page.keyboard.press("Escape");
  });

  test("lists and searches workflows", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workflows" }).click();
    await page.waitForURL((url) => url.pathname === "/workflows");
    const row = page.getByRole("row").filter({ hasText: "Blog post" });
    await row.waitFor();
    expect(await row.textContent()).toContain("You");
    await screenshot(page, "workflows-list");
    await page.getByLabel("Search workflows").fill("wf-draft");
    await row.waitFor();
    await page.getByLabel("Search workflows").fill("no such thing");
    await page.getByText("No workflows match").waitFor();
  });

  test("creates a project, adds a member, a policy and an objective", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
    await page.waitForURL((url) => url.pathname === "/projects");
    await page.getByRole("link", { name: "New project" }).first().click();
    await page.waitForURL("**/projects/new");
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("Checkout Revamp");
    expect(await page.getByLabel("Slug").inputValue()).toBe("checkout-revamp");
    await page.getByLabel("Description").fill("The new payment flow.");
    await screenshot(page, "project-new");
    await page.getByRole("button", { name: "Create project" }).click();
    await page.waitForURL((url) => /^\/projects\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole("heading", { name: "Checkout Revamp" }).waitFor();

    await page.getByLabel("Find someone to add").fill("hedy");
    await page.getByRole("button", { name: `Add ${colleague.display_name}` }).click();
    await page.getByRole("list", { name: "Members" }).getByText(colleague.display_name).waitFor();

    await page.getByRole("button", { name: "Add policy" }).click();
    const policyDialog = page.getByRole("dialog");
    await policyDialog.getByRole("textbox", { name: "Name", exact: true }).fill("PCI scope");
    await policyDialog.getByLabel("Enforcement").selectOption("prepend");
    await policyDialog.getByLabel("Priority").fill("10");
    await policyDialog.getByLabel("Policy text").fill("Never log card numbers.");
    await policyDialog.getByRole("button", { name: "Add policy" }).click();
    await policyDialog.waitFor({ state: "hidden" });
    await page.getByRole("list", { name: "Policies" }).getByText("PCI scope").waitFor();

    await page.getByRole("button", { name: "Add objective" }).click();
    const objectiveDialog = page.getByRole("dialog");
    await objectiveDialog.getByLabel("Title").fill("Ship one-click checkout");
    await objectiveDialog.getByRole("button", { name: "Add objective" }).click();
    await objectiveDialog.waitFor({ state: "hidden" });
    await page.getByRole("list", { name: "Objectives" }).getByText("Ship one-click checkout").waitFor();
    await screenshot(page, "project-detail");
  });

  test("applies the project's policy when the workflow runs under it", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workflows" }).click();
    await page.getByRole("link", { name: "Blog post" }).click();
    await page.getByRole("heading", { name: "Blog post" }).waitFor();
    await page.getByLabel(/^Topic/).fill("refunds");
    await page.getByLabel("Run under project").selectOption({ label: "Checkout Revamp" });
    await page.getByRole("button", { name: "Run workflow" }).click();
    const first = page.getByRole("article", { name: "Result of step outline" });
    await first.getByRole("region", { name: "System message" }).getByText("Never log card numbers.").waitFor();
  });

  test("lists the project, and deletes it after confirming", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
    const row = page.getByRole("row").filter({ hasText: "Checkout Revamp" });
    await row.waitFor();
    await screenshot(page, "projects-list");

    await row.getByRole("link", { name: "Checkout Revamp" }).click();
    await page.getByRole("heading", { name: "Checkout Revamp" }).waitFor();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete project" }).click();
    await page.waitForURL((url) => url.pathname === "/projects");
    await page.getByRole("link", { name: "Checkout Revamp" }).waitFor({ state: "detached" });
  });
});
