import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { describeViolations, seriousViolations } from "./support/axe";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

// A prompt only this file expands, so its figures are exactly what this file did, whatever
// other files expand on the shared backend.
const promptName = "mx-brief";

type UsageEvent = {
  id: string;
  status: string;
  status_code: number;
  error_code: string | null;
  error_message: string | null;
};

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("metrics: from the error rate to the failing expansions", () => {
  const base = frontendUrl;
  const headers = { origin: base };
  let context: BrowserContext;
  let page: Page;
  let samplingBefore: boolean | null = null;

  const expand = (input: Record<string, unknown>, label?: string) =>
    page.request.post(`/api/v1/expand/${promptName}${label ? `?label=${label}` : ""}`, { data: { input }, headers });

  /** The prompt's logged expansions through the API, newest first. */
  const events = async (query = ""): Promise<UsageEvent[]> => {
    const response = await page.request.get(`/api/v1/usage/events?prompt=${promptName}${query}`);
    expect(response.ok(), await response.text()).toBe(true);
    return (await response.json()).items;
  };

  /** The value of a headline figure, found by its label. */
  const figure = (label: string, scope = page.locator("body")) =>
    scope.locator(`xpath=.//dt[normalize-space()="${label}"]/following-sibling::dd[1]`);

  test.beforeAll(async ({ browser }) => {
    // axe arrives as an inline script, which the Content Security Policy refuses: this context sets it aside.
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      baseURL: base,
      bypassCSP: true,
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signInAsAdmin(page.request, base);
    samplingBefore = (await (await page.request.get("/api/v1/settings")).json()).usage_sampling;

    const created = await page.request.post("/api/v1/prompts", {
      data: {
        name: promptName,
        description: "Expanded by the metrics end-to-end test, some calls failing.",
        version: {
          version: "1.0.0",
          user_template: "Brief me on {{ topic }}.",
          input_schema: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
        },
      },
      headers,
    });
    expect(created.status(), await created.text()).toBe(201);

    // Three that succeed, two without the required input, one under a label the prompt lacks.
    for (const topic of ["owls", "tides", "comets"]) expect((await expand({ topic })).status()).toBe(200);
    for (let run = 0; run < 2; run += 1) expect((await expand({})).status()).toBe(422);
    expect((await expand({ topic: "owls" }, "nope")).status()).toBe(404);
  });
  test.afterAll(async ({ browser }) => {
    if (page && samplingBefore !== null) {
      // Every file shares the backend: put sampling back as it was.
      await page.request.patch("/api/v1/settings", { data: { usage_sampling: samplingBefore }, headers });
    }
    await closeContexts(browser);
  });

  test("shows the prompt's error rate and opens its failures with their messages", async () => {
    // The log is written off the request's path: wait until it has all six.
    await expect.poll(async () => (await events()).length, { timeout: 10_000 }).toBe(6);
    await page.goto("/metrics");
    await page.getByRole("heading", { name: "Metrics", level: 1 }).waitFor();
    await page.getByLabel("Prompt", { exact: true }).fill(promptName);
    await page.getByLabel("Prompt", { exact: true }).press("Enter");
    await page.waitForURL((url) => url.searchParams.get("prompt") === promptName);

    await expect.poll(() => figure("Expansions").textContent()).toBe("6");
    await expect.poll(() => figure("Error rate").textContent()).toMatch(/^50\s?%$/);
    await page
      .getByRole("list", { name: "Most expanded prompts" })
      .getByRole("link", { name: promptName, exact: true })
      .waitFor();
    // The series is drawn (Recharts, loaded with this page only).
    await expect.poll(() => page.locator(".recharts-wrapper").count()).toBe(2);
    await screenshot(page, "metrics-filtered");

    await page.getByRole("link", { name: /^Error rate: 50/ }).click();
    await page.waitForURL(
      (url) =>
        url.pathname === "/metrics/events" &&
        url.searchParams.get("status") === "error" &&
        url.searchParams.get("prompt") === promptName,
    );
    await page.getByRole("heading", { name: "Expansion events", level: 1 }).waitFor();
    const rows = page.locator("tbody tr[data-status]");
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.locator("tbody tr[data-status='success']").count()).toBe(0);

    // Each failure shows its status and what the caller was told: which input was missing, which label is unknown.
    const failures = await events("&status=error");
    expect(failures.map((event) => event.status_code).sort()).toEqual([404, 422, 422]);
    expect(
      failures.filter((event) => event.status_code === 422).every((event) => /topic/.test(event.error_message ?? "")),
    ).toBe(true);
    expect(failures.find((event) => event.status_code === 404)?.error_message).toMatch(/nope/);
    for (const failure of failures) {
      await rows
        .filter({ hasText: failure.error_message ?? "" })
        .first()
        .waitFor();
      await rows
        .filter({ hasText: String(failure.status_code) })
        .first()
        .waitFor();
    }
    await screenshot(page, "metrics-failing-events");
    const violations = await seriousViolations(page);
    expect(violations, describeViolations("/metrics/events", violations)).toEqual([]);
  });

  test("opens one of the top errors, and one bucket of the series", async () => {
    await page.getByRole("navigation", { name: "Metrics views" }).getByRole("link", { name: "Overview" }).click();
    await page.waitForURL((url) => url.pathname === "/metrics" && url.searchParams.get("prompt") === promptName);
    // The overview keeps the status filter that came along: set it back to any.
    await page.getByLabel("Status").selectOption("");
    await page.waitForURL((url) => !url.searchParams.has("status"));

    const topErrors = page.getByRole("list", { name: "Most frequent errors" });
    await topErrors.getByRole("link", { name: /validation_error/ }).click();
    await page.waitForURL((url) => url.searchParams.get("error_code") === "validation_error");
    await page.getByText("Only failures with the code").waitFor();
    await expect.poll(() => page.locator("tbody tr[data-status]").count()).toBe(2);

    // The same figures as a table, for the keyboard: today's failures open that day's failed expansions.
    await page.getByRole("navigation", { name: "Metrics views" }).getByRole("link", { name: "Overview" }).click();
    await page.waitForURL((url) => url.pathname === "/metrics");
    await page.getByLabel("Status").selectOption("");
    await page.waitForURL((url) => !url.searchParams.has("status"));
    await page.getByText("The numbers, day by day").click();
    await page
      .getByRole("table", { name: /Expansions and failures/ })
      .getByRole("link", { name: "3", exact: true })
      .click();
    await page.waitForURL(
      (url) =>
        url.pathname === "/metrics/events" &&
        url.searchParams.get("range") === "custom" &&
        Boolean(url.searchParams.get("from")) &&
        url.searchParams.get("status") === "error",
    );
    await expect.poll(() => page.locator("tbody tr[data-status='error']").count()).toBe(3);
  });

  test("counts the expansions on the prompt's Usage tab", async () => {
    await page.goto(`/prompts/${promptName}`);
    await page.getByRole("tab", { name: "Usage" }).click();
    const usage = page.getByRole("tabpanel", { name: "Usage" });
    const figures = usage.getByRole("definition").first();
    await figures.waitFor();
    await expect.poll(() => figure("Expansions", usage).textContent()).toBe("6");
    await expect.poll(() => figure("Error rate", usage).textContent()).toMatch(/^50\s?%$/);
    await usage.getByText("3 failed", { exact: true }).waitFor();
    const served = usage.getByRole("region", { name: "Versions" });
    await served.getByText("1.0.0").waitFor();
    const latest = usage.getByRole("region", { name: "Latest errors" });
    await expect.poll(() => latest.getByRole("listitem").count()).toBe(3);
    // With what each caller was told.
    for (const failure of await events("&status=error")) {
      await latest
        .getByText(failure.error_message ?? "", { exact: true })
        .first()
        .waitFor();
    }
    expect(await usage.getByRole("link", { name: "Open in Metrics" }).getAttribute("href")).toBe(
      `/metrics?range=30d&prompt=${promptName}`,
    );
    await screenshot(page, "prompt-usage");
    const violations = await seriousViolations(page);
    expect(violations, describeViolations("prompt usage tab", violations)).toEqual([]);
  });

  test("keeps a redacted excerpt once an admin turns sampling on", async () => {
    await page.goto("/settings?tab=usage");
    const retention = page.getByLabel("Keep expansion events for (days)");
    await expect.poll(() => retention.inputValue()).toMatch(/^\d+$/);
    await retention.fill("0");
    await page.getByRole("button", { name: "Save usage retention" }).click();
    await page.getByText("Between 1 and 3,650 days").waitFor();

    const sampling = page.getByRole("switch", { name: "Keep redacted excerpts of inputs and outputs" });
    if ((await sampling.getAttribute("aria-checked")) !== "true") {
      await sampling.click();
      await page.getByRole("alertdialog").getByRole("button", { name: "Turn sampling on" }).click();
      await expect.poll(() => sampling.getAttribute("aria-checked")).toBe("true");
    }
    expect((await (await page.request.get("/api/v1/settings")).json()).usage_sampling).toBe(true);
    await screenshot(page, "settings-usage-data");

    expect((await expand({ topic: "lighthouses, write to keeper@example.com" })).status()).toBe(200);
    await expect.poll(async () => (await events()).length, { timeout: 10_000 }).toBe(7);
    await page.goto(`/metrics/events?prompt=${promptName}&status=success`);
    const newest = page.locator("tbody tr[data-status='success']").first();
    await newest.getByRole("button", { name: /Excerpts/ }).click();
    const input = page.getByRole("region", { name: "Input excerpt" });
    await input.getByText(/lighthouses/).waitFor();
    expect(await input.textContent()).not.toContain("keeper@example.com");
    await page
      .getByRole("region", { name: "Output excerpt" })
      .getByText(/Brief me on lighthouses/)
      .waitFor();
  });

  test("fits a phone's width", async () => {
    const phone = await context.browser()!.newContext({
      viewport: { width: 390, height: 844 },
      baseURL: base,
      storageState: await context.storageState(),
    });
    try {
      const small = await phone.newPage();
      small.setDefaultTimeout(15_000);
      await small.goto(`/metrics?prompt=${promptName}`);
      await expect.poll(() => figure("Expansions", small.locator("body")).textContent()).toBe("7");
      await small.locator(".recharts-wrapper").first().waitFor();
      // Wide tables scroll inside their own box; the page itself never scrolls sideways.
      expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(small, "metrics-phone");
      await small.goto(`/metrics/events?prompt=${promptName}`);
      await small.locator("tbody tr[data-status]").first().waitFor();
      expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await phone.close();
    }
  });
});
