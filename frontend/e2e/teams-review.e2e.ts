import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { organization, signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

/**
 * Governance under review: with every team's policies under review, adding one on the Teams page
 * opens a change request instead, and the page says so. Settings are put back as they were,
 * since every file shares one backend.
 */
// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("a team's policy under review", () => {
  const base = frontendUrl;
  const headers = { origin: base };
  let context: BrowserContext;
  let page: Page;
  let openedId: string | null = null;

  /** The review settings found before the test, put back after it. */
  let before: { governance_review: string; governance_review_team_ids: string[] } | null = null;

  const setReview = async (settings: { governance_review: string; governance_review_team_ids?: string[] }) => {
    const response = await page.request.patch("/api/v1/settings", { data: settings, headers });
    expect(response.ok(), await response.text()).toBe(true);
  };

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signInAsAdmin(page.request, base);
    const { governance_review, governance_review_team_ids } = await (await page.request.get("/api/v1/settings")).json();
    before = { governance_review, governance_review_team_ids };
    await setReview({ governance_review: "all" });
  });
  test.afterAll(async ({ browser }) => {
    if (page) {
      // Leave no open request and no review setting behind for the files that follow.
      if (openedId) await page.request.post(`/api/v1/change-requests/${openedId}/withdraw`, { headers });
      if (before) await setReview(before);
    }
    await closeContexts(browser);
  });

  test("sends a new policy for review and shows it as not made", async () => {
    await page.goto("/teams");
    await page.getByRole("heading", { name: organization.name, level: 2 }).waitFor();
    await page.getByRole("button", { name: "Add policy" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/^Name/).fill("Reviewed rule");
    await dialog.getByLabel("Policy text").fill("Every change is seen by a second person.");
    await dialog.getByRole("button", { name: "Add policy" }).click();

    await page.getByText("Sent for review: an owner of a team above must approve it.").waitFor();
    const link = page.getByRole("link", { name: "Open the change request" });
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/reviews\/[0-9a-f-]{36}$/);
    openedId = href?.split("/").pop() ?? null;
    expect(await page.getByRole("main").getByText("Reviewed rule", { exact: true }).count()).toBe(0);
    await screenshot(page, "teams-policy-sent-for-review");
  });
});
