import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { describeViolations, seriousViolations, type Violation } from "./support/axe";
import { closeContexts, screenshot } from "./support/chromium";
import { createPromptOnce } from "./support/prompts";
import { frontendUrl } from "./support/servers";

// axe arrives as an inline script of its own, which the pages' Content Security Policy rightly
// refuses: the audit's browser contexts set the policy aside (security.e2e.ts tests it).
const browsing = { viewport: { width: 1280, height: 860 }, bypassCSP: true } as const;

// A prompt of this file's own, so the prompt list is audited with at least one row in it.
const promptName = "a11y-audit-sample";

/** Waits until the page has its heading and has stopped loading data, then audits it. */
async function audit(page: Page, path: string, name: string) {
  await page.goto(path);
  await page.locator("h1").first().waitFor();
  await page.waitForLoadState("networkidle");
  // Skeletons and spinners are not what people read: wait for the data to be drawn.
  await expect.poll(() => page.locator("[aria-busy='true']").count(), { timeout: 10_000 }).toBe(0);
  await screenshot(page, `a11y-${name}`);
  const violations = await seriousViolations(page);
  expect(violations, describeViolations(path, violations)).toEqual([]);
}

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("accessibility of the main pages (axe, serious and critical)", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;
  let loginViolations: Violation[] = [];
  let loginPath = "";

  test.beforeAll(async ({ browser }) => {
    // Signed out first, in a context of its own, so the login page is audited as a visitor sees it.
    const visitor = await browser.newContext({ ...browsing, baseURL: base });
    const visitorPage = await visitor.newPage();
    visitorPage.setDefaultTimeout(15_000);
    loginViolations = await (async () => {
      await visitorPage.goto("/login");
      await visitorPage.locator("form").first().waitFor();
      await visitorPage.waitForLoadState("networkidle");
      return seriousViolations(visitorPage);
    })();
    loginPath = new URL(visitorPage.url()).pathname;
    await screenshot(visitorPage, "a11y-login");
    await visitor.close();

    context = await browser.newContext({ ...browsing, baseURL: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);

    await createPromptOnce(page.request, base, {
      name: promptName,
      description: "Gives the accessibility audit a row in the prompt list.",
      version: { version: "1.0.0", user_template: "Summarise: {{ input }}" },
    });
  });
  test.afterAll(async ({ browser }) => {
    await closeContexts(browser);
  });

  test("the sign-in page, signed out", () => {
    // On a fresh installation without an organization, /login forwards to /register: both are audited as they come.
    expect(["/login", "/register"]).toContain(loginPath);
    expect(loginViolations, describeViolations(loginPath, loginViolations)).toEqual([]);
  });

  for (const [path, name] of [
    ["/", "dashboard"],
    ["/prompts", "prompts"],
    ["/prompts/new", "prompt-new"],
    [`/prompts/${promptName}`, "prompt-detail"],
    ["/teams", "teams"],
    ["/workflows", "workflows"],
    ["/projects", "projects"],
    ["/metrics", "metrics"],
    ["/metrics/events", "metrics-events"],
    ["/settings", "settings"],
    ["/settings?tab=users", "settings-users"],
    ["/settings?tab=change-control", "settings-change-control"],
    ["/settings?tab=usage", "settings-usage"],
    ["/reviews", "reviews"],
    ["/audit", "audit"],
  ] as const) {
    test(`${path}`, async () => {
      await audit(page, path, name);
    });
  }

  test("/workflows/[id], with the run form built from its steps' input schemas", async () => {
    const post = async (path: string, data: unknown) => {
      const response = await page.request.post(path, { data, headers: { origin: base } });
      expect(response.status(), await response.text()).toBe(201);
      return response.json();
    };
    await post("/api/v1/prompts", {
      name: "a11y-workflow-step",
      version: {
        version: "1.0.0",
        user_template: "Write about {{ topic }} in a {{ tone }} tone.",
        input_schema: {
          type: "object",
          properties: { topic: { type: "string" }, tone: { enum: ["dry", "warm"] } },
          required: ["topic"],
        },
      },
    });
    const workflow = await post("/api/v1/workflows", {
      name: "Accessibility audit workflow",
      steps: [{ id: "write", prompt_name: "a11y-workflow-step", depends_on: [] }],
    });
    await audit(page, `/workflows/${workflow.id}`, "workflow-detail");
    await page.getByLabel(/^Topic/).waitFor();
  });
});
