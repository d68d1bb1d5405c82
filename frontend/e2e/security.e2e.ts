import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { startBackend, startFrontend } from "../scripts/lib/processes.mjs";
import { signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { createPromptOnce } from "./support/prompts";
import { frontendUrl } from "./support/servers";

const promptName = "sec-csp-sample";

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("the web UI under its Content Security Policy", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;
  const violations: string[] = [];

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    // Every refusal by the policy, on every page of this context, ends up in `violations`.
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`);
      });
    });
    context.on("console", (message) => {
      if (message.text().startsWith("CSP violation")) violations.push(message.text());
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);
    await createPromptOnce(page.request, base, {
      name: promptName,
      version: { version: "1.0.0", user_template: "Summarise: {{ input }}" },
    });
    // So the metrics page has something to chart.
    const expanded = await page.request.post(`/api/v1/expand/${promptName}`, {
      data: { input: { input: "text" } },
      headers: { origin: base },
    });
    expect(expanded.status(), await expanded.text()).toBe(200);
  });
  test.afterAll(async ({ browser }) => {
    await closeContexts(browser);
  });

  test("sends every page a policy with a fresh nonce that forbids framing, and the usual hardening headers", async () => {
    const pages = await Promise.all([fetch(`${base}/login`), fetch(`${base}/login`)]);
    const nonces: string[] = [];
    for (const response of pages) {
      const policy = response.headers.get("content-security-policy") ?? "";
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("object-src 'none'");
      const scripts = /script-src ([^;]*)/.exec(policy)?.[1] ?? "";
      expect(scripts).not.toContain("unsafe-inline");
      expect(scripts).not.toContain("unsafe-eval");
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scripts)?.[1];
      expect(nonce, policy).toBeDefined();
      nonces.push(nonce as string);
      // Next put the nonce on each script of the page, framework and inline payload alike.
      const tags = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
      expect(tags.length).toBeGreaterThan(0);
      for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  test("runs the app under it: sign-in form, theme, editor, charts and org chart, with no violation", async () => {
    const visitor = await context.browser()!.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    try {
      const signIn = await visitor.newPage();
      await signIn.goto("/login");
      await signIn.getByLabel("Email or username").fill("nobody-csp@example.com");
      await signIn.getByLabel("Password").fill("not the password");
      await signIn.getByRole("button", { name: "Sign in" }).click();
      // The form's script ran: it sent the request and shows the backend's answer (the router's
      // announcer is an alert too, hence the text).
      await signIn.getByRole("alert").filter({ hasText: "Invalid email or password" }).waitFor();
    } finally {
      await visitor.close();
    }

    await page.goto("/prompts/new");
    const theme = () => page.evaluate(() => document.documentElement.className);
    const before = await theme();
    await page.getByRole("button", { name: "Toggle dark mode" }).click();
    await expect.poll(theme).not.toBe(before);
    // Typed key by key into the focused editor: a click at the editor's coordinates could land on
    // whatever a late layout shift moved there.
    const editor = page.getByLabel("System template");
    await editor.pressSequentially("Hello {{ name }}");
    await expect(editor).toContainText("Hello {{ name }}");

    await page.goto("/metrics");
    await page.locator(".recharts-wrapper").first().waitFor();
    await page.goto("/teams");
    await page.locator(".react-flow__node").first().waitFor();
    await screenshot(page, "csp-teams");
    expect(violations).toEqual([]);
  });

  test("is not shown inside another site's frame", async () => {
    const framing = await context.browser()!.newPage();
    try {
      await framing.setContent(`<iframe src="${base}/login" title="framed"></iframe>`);
      const frame = framing.frames()[1];
      await expect.poll(() => frame?.url()).not.toBe("about:blank");
      // Chromium replaces a refused frame with its own error page.
      expect(await frame?.locator("form").count()).toBe(0);
    } finally {
      await framing.close();
    }
  });
});

test.describe("login limits behind the web UI's proxy", () => {
  const limit = 2;
  // The backend limits guesses per account (from any address) and, five times higher, per client
  // address over all accounts: each attempt below names another account, so only the address
  // limit can stop them, and only if the address the web UI reports cannot be chosen by the client.
  const perAddress = limit * 5;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let direct: Awaited<ReturnType<typeof startFrontend>>;
  let behindRouter: Awaited<ReturnType<typeof startFrontend>>;

  test.beforeAll(async () => {
    // The backend trusts the web UI (on loopback here, its pods in a cluster) to name the client.
    backend = await startBackend({ env: { AUTH_RATE_LIMIT_MAX: String(limit), TRUST_PROXY: "loopback" } });
    // Clients reach this one directly: no proxy in front of it is trusted.
    direct = await startFrontend({ backendUrl: backend.url, env: { TRUST_PROXY: "" } });
    // This one sits behind a router on loopback (this test plays the router).
    behindRouter = await startFrontend({ backendUrl: backend.url, env: { TRUST_PROXY: "loopback" } });
  });
  test.afterAll(async () => {
    await direct?.stop();
    await behindRouter?.stop();
    await backend?.stop();
  });

  const attempts = async (
    frontend: { url: string },
    client: string,
    forwardedFor: (attempt: number) => string,
    count = perAddress + 2,
  ) => {
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= count; attempt++) {
      const response = await fetch(`${frontend.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor(attempt) },
        body: JSON.stringify({ email: `${client}-${attempt}@example.com`, password: "a guess" }),
      });
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    return statuses;
  };

  test("a client rotating X-Forwarded-For is still one client, and is limited (429)", async () => {
    const statuses = await attempts(direct, "rotating", (attempt) => `198.51.100.${attempt}`);
    expect(statuses.slice(0, perAddress).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(perAddress)).toEqual([429, 429]);
  });

  test("behind a trusted router, the router's entry names the client, not what the client put before it", async () => {
    const statuses = await attempts(behindRouter, "routed", (attempt) => `192.0.2.${attempt}, 203.0.113.50`);
    expect(statuses.slice(perAddress)).toEqual([429, 429]);
    // Another client behind the same router has a limit of its own.
    const other = await attempts(behindRouter, "other", () => "203.0.113.51", 1);
    expect(other[0]).not.toBe(429);
  });
});
