import { type Browser, expect, type Page, test } from "@playwright/test";
import { startTestProvider, TEST_CLIENT, type TestProvider } from "../../backend/src/test/oidc-provider";
import { freePort, startBackend, startFrontend } from "../scripts/lib/processes.mjs";
import { closeContexts, screenshot } from "./support/chromium";

/**
 * Single sign-on in the browser, with password sign-in off: a backend and web UI of their own,
 * configured for a real OpenID Connect provider (`oidc-provider`) on a loopback port. The
 * provider's login step signs in as the account the browser names in `x-test-account`.
 */
// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("single sign-on in the browser", () => {
  let idp: TestProvider;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  let frontend: Awaited<ReturnType<typeof startFrontend>>;
  let browser: Browser;
  let base: string;

  test.beforeAll(async ({ browser: workerBrowser }) => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    idp = await startTestProvider({ redirectUri: `${base}/api/v1/auth/sso/callback`, scopes: ["groups"] });
    backend = await startBackend({
      env: {
        PUBLIC_URL: base,
        PASSWORD_LOGIN: "off",
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: TEST_CLIENT.id,
        OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
        OIDC_PROVIDER_NAME: "Acme ID",
        OIDC_SCOPES: "openid email profile groups",
        OIDC_ALLOWED_EMAIL_DOMAINS: "example.com",
      },
    });
    // The first admin registers with a password even now: someone has to set SpecHub up.
    const registered = await fetch(`${backend.url}/api/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        org_name: "Acme",
        org_slug: "acme",
        email: "founder@example.com",
        username: "founder",
        password: "founder-password-1",
      }),
    });
    expect(registered.status).toBe(201);
    frontend = await startFrontend({ backendUrl: backend.url, port });
    browser = workerBrowser;
  });
  test.afterAll(async () => {
    await closeContexts(browser);
    await frontend?.stop();
    await backend?.stop();
    await idp?.close();
  });

  async function pageAs(account: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    await context.setExtraHTTPHeaders({ "x-test-account": account });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  }

  test("offers only the provider's button, and comes back signed in to the page that was asked for", async () => {
    idp.accounts.set("grace", { email: "grace@example.com", email_verified: true, name: "Grace Hopper" });
    const page = await pageAs("grace");
    await page.goto("/prompts");
    await page.waitForURL((url) => url.pathname === "/login" && url.searchParams.get("next") === "/prompts");
    const button = page.getByRole("link", { name: "Sign in with Acme ID" });
    await button.waitFor();
    expect(await page.getByLabel("Password").count()).toBe(0);
    await screenshot(page, "sso-login");

    await button.click();
    await page.waitForURL((url) => url.origin === base && url.pathname === "/prompts");
    await page.getByRole("button", { name: "Account menu for Grace Hopper" }).waitFor();
    await page.context().close();
  });

  test("explains a refusal on the sign-in page", async () => {
    idp.accounts.set("mallory", { email: "mallory@elsewhere.example", email_verified: true, name: "Mallory" });
    const page = await pageAs("mallory");
    await page.goto("/login");
    await page.getByRole("link", { name: "Sign in with Acme ID" }).click();
    await page.waitForURL(
      (url) => url.pathname === "/login" && url.searchParams.get("error") === "sso_domain_not_allowed",
    );
    await page.getByRole("alert").filter({ hasText: "not from a domain allowed to use SpecHub" }).waitFor();
    await screenshot(page, "sso-refused");
    await page.context().close();
  });
});
