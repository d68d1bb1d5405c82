import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { describeViolations, seriousViolations } from "./support/axe";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

/** One request as the receiver got it: the raw body is what the signature covers. */
type Received = { headers: http.IncomingHttpHeaders; raw: string; body: { id: string; type: string } };

/** A webhook receiver on this machine: records every request and answers 200. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: request.headers, raw, body: JSON.parse(raw) });
      response.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/spechub`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Checks `X-SpecHub-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
function signatureProblem(request: Received, secret: string): string | null {
  const header = String(request.headers["x-spechub-signature"] ?? "");
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return `malformed signature header: ${header}`;
  const [, t, v1] = match;
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return `timestamp ${t} is not recent`;
  const expected = createHmac("sha256", secret).update(`${t}.${request.raw}`).digest("hex");
  return expected === v1 ? null : "the signature does not match the secret";
}

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("webhooks in the browser", () => {
  const base = frontendUrl;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret = "";

  /** An API call with the admin's browser session; unsafe methods carry the Origin the backend checks. */
  const call = async (method: "GET" | "POST" | "PATCH", path: string, data?: unknown) => {
    const response = await page.request.fetch(path, { method, data, headers: { origin: base } });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return response.json();
  };
  const toast = (text: string) => page.locator("[data-sonner-toast]").filter({ hasText: text });
  const item = () =>
    page.getByRole("list", { name: "Webhooks" }).getByRole("listitem").filter({ hasText: receiver.url });
  const pings = () => receiver.received.filter((request) => request.headers["x-spechub-event"] === "ping");

  test.beforeAll(async ({ browser }) => {
    receiver = await startReceiver();
    // bypassCSP lets the accessibility audit inject axe (security.e2e.ts tests the policy itself).
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      baseURL: base,
      bypassCSP: true,
    });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);
    // Private addresses start refused, as on a fresh install, whatever ran before.
    await call("PATCH", "/api/v1/settings", { webhooks_allow_private: false });
  });
  test.afterAll(async ({ browser }) => {
    // Other files expect the default: no delivery to private addresses.
    if (page) await call("PATCH", "/api/v1/settings", { webhooks_allow_private: false }).catch(() => undefined);
    await closeContexts(browser);
    await receiver?.close();
  });

  test("refuses a private address with the backend's reason under the URL field", async () => {
    await page.goto("/settings?tab=webhooks");
    // The list comes from the browser, so the page is interactive once it shows.
    await page.getByText("No webhooks yet").waitFor();
    await page.getByText("docs/webhooks.md").waitFor();
    await page.getByRole("button", { name: "New webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook" });
    await dialog.waitFor();
    // The dialog starts on its first field.
    const url = dialog.getByLabel("Payload URL");
    await expect.poll(() => url.evaluate((element) => element === document.activeElement)).toBe(true);

    await dialog.getByRole("button", { name: "Create webhook" }).click();
    await dialog.getByText("Enter the address that receives the events", { exact: false }).waitFor();
    await dialog.getByText("Choose at least one event").waitFor();

    await dialog.getByLabel("Payload URL").fill(receiver.url);
    await dialog.getByRole("checkbox", { name: /^Prompt version saved/ }).check();
    await dialog.getByRole("button", { name: "Create webhook" }).click();
    await expect.poll(() => dialog.getByLabel("Payload URL").getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await dialog.getByLabel("Payload URL").getAttribute("aria-describedby")) ?? "";
    const reason = await page.locator(`[id="${describedBy.split(" ").at(-1)}"]`).textContent();
    expect(reason).toMatch(/url/i);
    await screenshot(page, "webhooks-private-refused");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await call("GET", "/api/v1/webhooks")).items).toEqual([]);
  });

  test("allows private addresses after confirming the risk", async () => {
    const allow = page.getByRole("switch", { name: "Allow webhooks to private addresses" });
    expect(await allow.getAttribute("aria-checked")).toBe("false");
    await allow.click();
    const confirm = page.getByRole("alertdialog", { name: "Allow webhooks to private addresses?" });
    await confirm.getByText("169.254.169.254", { exact: false }).waitFor();
    await confirm.getByRole("button", { name: "Allow private addresses" }).click();
    await toast("Webhooks may now deliver to private addresses").waitFor();
    await expect.poll(() => allow.getAttribute("aria-checked")).toBe("true");
    expect((await call("GET", "/api/v1/settings")).webhooks_allow_private).toBe(true);
  });

  test("creates a webhook and shows its signing secret once", async () => {
    await page.getByRole("button", { name: "New webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook" });
    await dialog.getByLabel("Payload URL").fill(receiver.url);
    await dialog.getByLabel("Description", { exact: true }).fill("End-to-end receiver");
    await dialog.getByRole("group", { name: "Team" }).getByText("Whole organization").waitFor();
    await dialog.getByRole("checkbox", { name: /^Prompt version saved/ }).check();
    await dialog.getByRole("checkbox", { name: /^Label moved/ }).check();
    await screenshot(page, "webhooks-new");
    await dialog.getByRole("button", { name: "Create webhook" }).click();

    const created = page.getByRole("dialog", { name: "The webhook is created" });
    secret = (await created.getByTestId("webhook-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    await created.getByText("X-SpecHub-Signature: t=<unix seconds>,v1=", { exact: false }).waitFor();
    await created.getByRole("button", { name: "Copy signing secret" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await screenshot(page, "webhooks-secret");
    await created.getByRole("button", { name: "I have copied it" }).click();
    await created.waitFor({ state: "detached" });

    await item().getByText("End-to-end receiver").waitFor();
    await item().getByText("Whole organization").waitFor();
    await item().getByText("Prompt version saved").waitFor();
    await item().getByText("Not delivered yet").waitFor();
    const onTab = await seriousViolations(page);
    expect(onTab, describeViolations("/settings?tab=webhooks", onTab)).toEqual([]);
    // Shown once: neither the page nor the API has it any more.
    expect(await page.content()).not.toContain(secret);
    expect(JSON.stringify(await call("GET", "/api/v1/webhooks"))).not.toContain(secret);
  });

  test("sends a test event that the receiver gets, signed with the secret", async () => {
    await item()
      .getByRole("button", { name: `Send test event to ${receiver.url}` })
      .click();
    await toast("A test event is on its way").waitFor();
    await expect.poll(() => pings().length, { timeout: 20_000 }).toBe(1);
    const [ping] = pings();
    expect(ping!.headers["content-type"]).toMatch(/^application\/json/);
    expect(ping!.headers["user-agent"]).toMatch(/^SpecHub-Webhooks\//);
    expect(ping!.headers["x-spechub-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ping!.body.type).toBe("ping");
    expect(signatureProblem(ping!, secret)).toBeNull();
    await item().getByText("Succeeded · 200").waitFor();
  });

  test("shows the delivery in the log, with its payload, and redelivers it with the same id", async () => {
    await item()
      .getByRole("button", { name: `Deliveries to ${receiver.url}` })
      .click();
    const log = page.getByRole("dialog", { name: "Deliveries" });
    const deliveryId = String(pings()[0]!.headers["x-spechub-delivery"]);
    const row = log.locator(`tr[data-delivery-id="${deliveryId}"]`);
    await row.getByText("Test event").waitFor();
    await row.getByText("Succeeded").waitFor();
    await row.getByRole("cell", { name: "200", exact: true }).waitFor();

    await row.getByRole("button", { name: /^Show details of Test event/ }).click();
    const payload = log.getByRole("region", { name: `Payload of delivery ${deliveryId}` });
    expect(JSON.parse((await payload.textContent()) ?? "")).toMatchObject({ type: "ping" });
    await screenshot(page, "webhooks-deliveries");
    const inLog = await seriousViolations(page);
    expect(inLog, describeViolations("deliveries dialog", inLog)).toEqual([]);

    await row.getByRole("button", { name: /^Redeliver Test event/ }).click();
    await toast("is queued again").waitFor();
    await expect.poll(() => pings().length, { timeout: 20_000 }).toBe(2);
    const [first, again] = pings();
    expect(again!.headers["x-spechub-delivery"]).toBe(first!.headers["x-spechub-delivery"]);
    expect(signatureProblem(again!, secret)).toBeNull();
    // The log refreshes on its own: the same delivery, tried twice, succeeded.
    await expect.poll(() => row.getByRole("cell").nth(5).textContent(), { timeout: 20_000 }).toBe("2");
    await row.getByText("Succeeded").waitFor();

    await log.getByLabel("Show", { exact: true }).selectOption("failed");
    await log.getByText("No failed deliveries").waitFor();
    await log.getByLabel("Show", { exact: true }).selectOption("");
    await row.waitFor();
    await page.keyboard.press("Escape");
    await log.waitFor({ state: "detached" });
  });

  test("pages through a long log with Load more", async () => {
    const [webhook] = (await call("GET", "/api/v1/webhooks")).items;
    // One delivery so far (redelivered, it is still one); 25 more overflow the first page of 25.
    for (let index = 0; index < 25; index++) await call("POST", `/api/v1/webhooks/${webhook.id}/test`);
    await item()
      .getByRole("button", { name: `Deliveries to ${receiver.url}` })
      .click();
    const log = page.getByRole("dialog", { name: "Deliveries" });
    const rows = log.locator("tr[data-delivery-id]");
    await expect.poll(() => rows.count()).toBe(25);
    await log.getByRole("button", { name: "Load more" }).click();
    await expect.poll(() => rows.count()).toBe(26);
    await log.getByRole("button", { name: "Load more" }).waitFor({ state: "detached" });
    await page.keyboard.press("Escape");
    await log.waitFor({ state: "detached" });
  });

  test("delivers a subscribed event when a prompt version is saved", async () => {
    await call("POST", "/api/v1/prompts", {
      // Unique, so the file can run again against the same backend.
      name: `webhook-e2e-notes-${Date.now()}`,
      description: "Saved to trigger a webhook.",
      version: { version: "1", user_template: "Hello {{ input }}" },
    });
    await expect
      .poll(() => receiver.received.filter((request) => request.body.type === "prompt.version_created").length, {
        timeout: 20_000,
      })
      .toBe(1);
    const event = receiver.received.find((request) => request.body.type === "prompt.version_created")!;
    expect(event.headers["x-spechub-event"]).toBe("prompt.version_created");
    expect(signatureProblem(event, secret)).toBeNull();
  });

  test("edits the webhook and pauses it", async () => {
    await item()
      .getByRole("button", { name: `Edit webhook ${receiver.url}` })
      .click();
    const dialog = page.getByRole("dialog", { name: "Edit webhook" });
    const url = dialog.getByLabel("Payload URL");
    await expect.poll(() => url.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await url.inputValue()).toBe(receiver.url);
    // The team is fixed once created.
    expect(await dialog.getByLabel("Team", { exact: true }).isDisabled()).toBe(true);
    await dialog.getByLabel("Description", { exact: true }).fill("Release notes receiver");
    await dialog.getByRole("checkbox", { name: /^Label moved/ }).uncheck();
    await dialog.getByRole("button", { name: "Save webhook" }).click();
    await toast("The webhook is saved.").waitFor();
    await item().getByText("Release notes receiver").waitFor();
    const [saved] = (await call("GET", "/api/v1/webhooks")).items;
    expect(saved).toMatchObject({ description: "Release notes receiver", events: ["prompt.version_created"] });

    const active = item().getByRole("switch", { name: `Active: ${receiver.url}` });
    await active.click();
    await toast("is paused").waitFor();
    await expect.poll(() => active.getAttribute("aria-checked")).toBe("false");
    expect((await call("GET", "/api/v1/webhooks")).items[0].active).toBe(false);
    await active.press("Space");
    await toast("receives events again").waitFor();
    await expect.poll(() => active.getAttribute("aria-checked")).toBe("true");
  });

  test("fits a 390 px wide screen: the page does not scroll sideways", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.reload();
      await item().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await item()
        .getByRole("button", { name: `Deliveries to ${receiver.url}` })
        .click();
      const log = page.getByRole("dialog", { name: "Deliveries" });
      await log.getByText("Test event").first().waitFor();
      // The table scrolls inside its box instead.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, "webhooks-narrow");
      await page.keyboard.press("Escape");
      await log.waitFor({ state: "detached" });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  test("rotates the secret after confirming, and deletes the webhook after confirming", async () => {
    await item()
      .getByRole("button", { name: `Rotate secret of ${receiver.url}` })
      .click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Rotate secret" }).click();
    const rotated = page.getByRole("dialog", { name: "The signing secret is replaced" });
    const next = (await rotated.getByTestId("webhook-secret").textContent()) ?? "";
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(secret);
    await rotated.getByRole("button", { name: "I have copied it" }).click();

    await item()
      .getByRole("button", { name: `Delete webhook ${receiver.url}` })
      .click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete webhook" }).click();
    await toast("is deleted").waitFor();
    await item().waitFor({ state: "detached" });
    expect((await call("GET", "/api/v1/webhooks")).items).toEqual([]);
  });
});
