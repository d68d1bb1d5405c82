import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium: test tools may not download browsers of their own on these machines. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Chromium must be there already: `npm test` installs it (scripts/lib.mjs), the tests install nothing. */
export function assertChromium(): void {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run \`npm test\` once, or \`sudo apt-get install -y chromium\``);
  }
}

/**
 * Headless Chromium for these machines: no sandbox (root), no GPU, and none of the background
 * connections that a closed network would refuse over and over.
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  // Playwright gives each launch a new, empty profile of its own.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/** Where screenshots go: a git-ignored folder, emptied at the start of each run by the global setup. */
export const screenshotDir = path.resolve(import.meta.dirname, "..", "..", "artifacts", "e2e");

let shots = 0;

/** Saves a full-page screenshot named after the step, numbered in the order taken. */
export async function screenshot(page: Page, name: string): Promise<string> {
  shots += 1;
  const file = path.join(screenshotDir, `${String(shots).padStart(2, "0")}-${name}.png`);
  fs.mkdirSync(screenshotDir, { recursive: true });
  // From the top, so the sticky header is drawn where it belongs in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
