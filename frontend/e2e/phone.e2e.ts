import net from "node:net";
import { type Browser, type BrowserContext, expect, type Page, test } from "@playwright/test";
import { startFrontend } from "../scripts/lib/processes.mjs";
import { organization, signInAsAdmin } from "./support/admin";
import { describeViolations, seriousViolations } from "./support/axe";
import { closeContexts, screenshot } from "./support/chromium";
import { backendUrl, frontendUrl } from "./support/servers";

// A phone's screen. axe arrives as an inline script, which the Content Security Policy rightly
// refuses: this file's contexts set the policy aside (security.e2e.ts tests the policy).
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true } as const;

// This file's own data, named so that it cannot collide with other files on the shared backend.
const run = Date.now().toString(36);
const promptName = `phone-sample-${run}`;
const taggedName = `phone-tagged-${run}`;
const tag = `phone-tag-${run}`;
const teamName = `Phone team ${run}`;

/** Elements wider than the screen, deepest first: what a failure names so it can be fixed. */
async function horizontalOverflow(page: Page): Promise<{ width: number; culprits: string[] } | null> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const culprits: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const box = element.getBoundingClientRect();
      if (box.right <= root.clientWidth + 1 || box.width === 0) continue;
      // Only the outermost element that sticks out of a box that itself fits.
      const parent = element.parentElement?.getBoundingClientRect();
      if (parent && parent.right > root.clientWidth + 1) continue;
      const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}.${String(element.className).split(" ").slice(0, 6).join(".")}`;
      culprits.push(
        `${name} (right edge ${Math.round(box.right)}px) "${(element.textContent ?? "").trim().slice(0, 60)}"`,
      );
      if (culprits.length >= 8) break;
    }
    return { width: root.scrollWidth, culprits };
  });
}

/** Waits until the page has its heading and has stopped loading data. */
async function settle(page: Page) {
  await page.locator("h1").first().waitFor();
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.locator("[aria-busy='true']").count(), { timeout: 10_000 }).toBe(0);
}

/**
 * A TCP relay in front of the shared backend, so one test can take "the backend" away from a
 * frontend of its own and bring it back on the same address, without stopping the backend other
 * files use.
 */
async function startRelay(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("close", () => sockets.delete(socket));
          socket.on("error", () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await open();
  return {
    url: () => `http://127.0.0.1:${port}`,
    /** Refuses new connections and cuts the open ones: the backend is down. */
    down: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server!.close(() => resolve());
      }),
    up: open,
  };
}

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("a phone-sized screen (390×844)", () => {
  const base = frontendUrl;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const post = async (path: string, data: unknown) => {
    const response = await page.request.post(path, { data, headers: { origin: base } });
    expect(response.status(), await response.text()).toBe(201);
    return response.json();
  };

  test.beforeAll(async ({ browser: workerBrowser }) => {
    browser = workerBrowser;
    context = await browser.newContext({ ...phone, baseURL: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signInAsAdmin(page.request, base);
    const me = await (await page.request.get("/api/v1/auth/me")).json();
    await post("/api/v1/teams", { name: teamName, slug: `phone-team-${run}`, parent_team_id: me.team_id });
  });
  test.afterAll(async ({ browser: workerBrowser }) => {
    await closeContexts(workerBrowser);
  });

  test.describe("every page fits the width and passes axe", () => {
    const pages: [string, string][] = [];
    let workflowId = "";
    let projectId = "";

    test.beforeAll(async () => {
      await post("/api/v1/prompts", {
        name: promptName,
        description: "A prompt with a fairly long description, so the list has a row of realistic width on a phone.",
        version: {
          version: "1.0.0",
          user_template: "Summarise {{ topic }} for a reader in a hurry, in three short sentences.",
          input_schema: { type: "object", properties: { topic: { type: "string" } }, required: ["topic"] },
          tags: ["phone", "summary"],
        },
      });
      workflowId = (
        await post("/api/v1/workflows", {
          name: `Phone workflow ${run}`,
          steps: [{ id: "summary", prompt_name: promptName, depends_on: [] }],
        })
      ).id;
      const teams = await (await page.request.get("/api/v1/teams?flat=true")).json();
      projectId = (
        await post("/api/v1/projects", {
          name: `Phone project ${run}`,
          slug: `phone-project-${run}`,
          team_id: teams.items[0].id,
        })
      ).id;
    });

    // Leave the worker's backend as this file found it.
    test.afterAll(async () => {
      if (workflowId) await page.request.delete(`/api/v1/workflows/${workflowId}`, { headers: { origin: base } });
    });

    // Every page under src/app/(app), with data of this file's own where a page shows one record.
    const everyPage = (): [string, string][] => [
      ["/", "dashboard"],
      ["/welcome", "welcome"],
      ["/prompts", "prompts"],
      ["/prompts/new", "prompt-new"],
      [`/prompts/${promptName}`, "prompt-detail"],
      ["/workflows", "workflows"],
      ["/workflows/new", "workflow-new"],
      [`/workflows/${workflowId}`, "workflow-detail"],
      ["/teams", "teams"],
      ["/projects", "projects"],
      ["/projects/new", "project-new"],
      [`/projects/${projectId}`, "project-detail"],
      ["/reviews", "reviews"],
      // A change request that does not exist: the page's own "not found" state, inside the frame.
      ["/reviews/00000000-0000-4000-8000-000000000000", "review-detail"],
      ["/audit", "audit"],
      ["/metrics", "metrics"],
      ["/metrics/events", "metrics-events"],
      ["/settings", "settings-profile"],
      ["/settings?tab=api-keys", "settings-api-keys"],
      ["/settings?tab=connected-apps", "settings-connected-apps"],
      ["/settings?tab=users", "settings-users"],
      ["/settings?tab=invitations", "settings-invitations"],
      ["/settings?tab=change-control", "settings-change-control"],
      ["/settings?tab=usage", "settings-usage"],
      ["/settings?tab=mcp-access", "settings-mcp-access"],
      ["/settings?tab=webhooks", "settings-webhooks"],
      ["/no-such-page", "not-found"],
    ];

    test("lists the pages", () => {
      pages.push(...everyPage());
      expect(pages.length).toBeGreaterThan(20);
    });

    /**
     * Pages with a finding still open, each with the reason; their findings are printed, not
     * failed on. Remove an entry once its page passes.
     */
    const knownIssues: Record<string, string> = {};

    test("no page is wider than the screen, and none has a serious or critical axe finding", async () => {
      // axe takes a few seconds a page, on some thirty pages.
      test.setTimeout(480_000);
      const problems: string[] = [];
      const known: string[] = [];
      for (const [path, name] of pages) {
        try {
          await page.goto(path);
          await settle(page);
        } catch (error) {
          problems.push(`${path}: did not settle (${error instanceof Error ? error.message.split("\n")[0] : error})`);
          continue;
        }
        await screenshot(page, `phone-${name}`);
        const overflow = await horizontalOverflow(page);
        if (overflow) {
          problems.push(`${path}: ${overflow.width}px wide\n    ${overflow.culprits.join("\n    ")}`);
        }
        const violations = await seriousViolations(page);
        if (violations.length > 0) problems.push(describeViolations(path, violations));
      }
      const open = problems.filter((problem) => {
        const path = problem.slice(0, problem.indexOf(": "));
        if (!(path in knownIssues)) return true;
        known.push(`${problem}\n    (known: ${knownIssues[path]})`);
        return false;
      });
      if (known.length > 0) console.warn(`phone pass, known issues:\n${known.join("\n")}`);
      // Every page is checked before failing, so one run names everything there is to fix.
      expect(open, open.join("\n")).toEqual([]);
    });
  });

  test("a missing page is shown inside the app, menu included", async () => {
    await page.goto("/prompts/x/y/no-such-thing");
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await page.getByRole("navigation", { name: "Main" }).first().waitFor();
    expect(await page.getByRole("link", { name: "Prompts" }).count()).toBeGreaterThan(0);
    await page.getByRole("main").getByRole("link", { name: "Go to the dashboard" }).click();
    await page.waitForURL(`${base}/`);
    await screenshot(page, "phone-dashboard-after-404");
  });

  test("a form dialog starts on its first field", async () => {
    await page.goto(`/prompts/${promptName}`);
    await settle(page);
    await page
      .getByRole("button", { name: /new version/i })
      .first()
      .click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.tagName.toLowerCase()))
      .toMatch(/^(input|textarea|select|div)$/);
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).not.toBe("Close");
    await page.keyboard.press("Escape");
  });

  test("a confirmation still starts on its safe button", async () => {
    await page.goto("/teams");
    await settle(page);
    await page.getByRole("list", { name: "Teams" }).getByRole("button", { name: teamName }).click();
    await page.getByRole("heading", { name: teamName, level: 2 }).waitFor();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Cancel");
    await page.keyboard.press("Escape");
  });

  test("teams: a list on a phone, the chart on request; the root team offers no delete, insert above or move", async () => {
    await page.goto("/teams");
    await settle(page);
    const list = page.getByRole("list", { name: "Teams" });
    await list.waitFor();
    expect(await page.getByRole("button", { name: "List" }).getAttribute("aria-pressed")).toBe("true");
    // The organization's root team: the one founded at registration.
    await list.getByRole("button", { name: new RegExp(`^${organization.name} `) }).click();
    await page.getByRole("heading", { name: organization.name, level: 2 }).waitFor();
    await page.getByRole("button", { name: "Add sub-team" }).waitFor();
    for (const name of ["Delete", "Insert team above"]) {
      expect(await page.getByRole("button", { name, exact: true }).count(), name).toBe(0);
    }
    expect(await page.getByLabel("Move to…").count()).toBe(0);
    await screenshot(page, "phone-teams-root");
    await page.getByRole("button", { name: "Chart" }).click();
    await page.getByLabel("Organisation chart").waitFor();
    await page.getByRole("button", { name: "List" }).click();
    await list.waitFor();
  });

  test("an objective's status is chosen from a list", async () => {
    await page.goto("/teams");
    await settle(page);
    await page.getByRole("button", { name: "Add objective" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/^Title/).fill(`Phone objective ${run}`);
    const status = dialog.getByLabel(/^Status/);
    expect(await status.evaluate((element) => element.tagName.toLowerCase())).toBe("select");
    expect(await status.locator("option").allTextContents()).toEqual(["Active", "Paused", "Done", "Archived"]);
    await status.selectOption("paused");
    await dialog.getByRole("button", { name: "Add objective" }).click();
    await page.getByText(`Phone objective ${run}`).first().waitFor();
    await page.getByText("paused").first().waitFor();
  });

  test("the tag filter filters as you type, and a tag in the list filters by itself", async () => {
    await post("/api/v1/prompts", {
      name: taggedName,
      version: { version: "1.0.0", user_template: "Tagged {{ input }}", tags: [tag] },
    });
    await page.goto("/prompts");
    await settle(page);
    await page.getByLabel("Filter by tag").fill(tag);
    // No Enter: the list follows the typing.
    await page.waitForURL((url) => url.searchParams.get("tag") === tag);
    await page.getByRole("link", { name: taggedName }).waitFor();
    await expect.poll(() => page.getByRole("link", { name: promptName }).count()).toBe(0);

    await page.getByLabel("Filter by tag").fill("");
    await page.waitForURL((url) => !url.searchParams.get("tag"));
    await page.getByRole("link", { name: promptName }).waitFor();
    await page
      .getByRole("button", { name: `Show prompts tagged ${tag}` })
      .first()
      .click();
    await page.waitForURL((url) => url.searchParams.get("tag") === tag);
    // The box takes the tag from the address once the page has rendered it.
    await expect.poll(() => page.getByLabel("Filter by tag").inputValue()).toBe(tag);
    await expect.poll(() => page.getByRole("link", { name: promptName }).count()).toBe(0);
    await screenshot(page, "phone-prompts-by-tag");
  });

  test("a full reload with the backend down shows the retrying state, and the page comes back by itself", async () => {
    const relay = await startRelay(new URL(backendUrl));
    const frontend = await startFrontend({ backendUrl: relay.url() });
    const visitor = await browser.newContext({ ...phone, baseURL: frontend.url });
    try {
      const tab = await visitor.newPage();
      tab.setDefaultTimeout(20_000);
      await signInAsAdmin(tab.request, frontend.url);
      await tab.goto("/prompts");
      await tab.getByRole("heading", { name: "Prompts", level: 1 }).waitFor();

      await relay.down();
      const response = await tab.reload();
      expect(response?.status()).toBeLessThan(500);
      await tab.getByText("The SpecHub backend is unavailable").waitFor();
      await tab.getByText(/Retrying automatically/).waitFor();
      await screenshot(tab, "phone-backend-down");

      await relay.up();
      await tab.getByRole("heading", { name: "Prompts", level: 1 }).waitFor({ timeout: 30_000 });
      expect(await tab.getByText("The SpecHub backend is unavailable").count()).toBe(0);
    } finally {
      await visitor.close();
      await frontend.stop();
      await relay.down().catch(() => undefined);
    }
  });
});
