import fs from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page } from "@playwright/test";
import { chromiumPackage, chromiumPath } from "../../../scripts/chromium.mjs";

/** Debian's Chromium headless shell (scripts/chromium.mjs names it for every script and test). */
export { chromiumPath };

/** Chromium must be there already: `npm test` installs it (scripts/lib.mjs), the tests install nothing. */
export function assertChromium(): void {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(
      `${chromiumPath} is missing: run \`npm test\` once, or \`sudo apt-get install -y ${chromiumPackage}\``,
    );
  }
}

/**
 * Flags for headless Chromium on these machines: no sandbox (root), no GPU, and none of the
 * background connections that a closed network would refuse over and over. playwright.config.ts
 * launches the suite's browser with them; Playwright gives each context an empty profile.
 */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/** Where screenshots go: a git-ignored folder, emptied at the start of each run by the global setup. */
export const screenshotDir = path.resolve(import.meta.dirname, "..", "..", "artifacts", "e2e");

let shots = 0;
/** Workers take screenshots at the same time: each numbers its own, under its slot's letter. */
const slotLetter = String.fromCharCode(97 + Number(process.env.TEST_PARALLEL_INDEX ?? 0));

/**
 * Whether the suite saves a screenshot at each step (`E2E_SCREENSHOTS=1`), to look the pages over
 * after a run. Off by default: no test reads them, and the suite's 109 full-page captures cost
 * 32–35 s of CPU and 17 s a run (two runs of the whole suite with and without them, on 2 cores).
 */
const takingScreenshots = process.env.E2E_SCREENSHOTS === "1";

/**
 * Saves a full-page screenshot named after the step, numbered in the order its worker took it,
 * when the run asks for them (`E2E_SCREENSHOTS=1`).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!takingScreenshots) return;
  shots += 1;
  const file = path.join(screenshotDir, `${slotLetter}${String(shots).padStart(2, "0")}-${name}.png`);
  fs.mkdirSync(screenshotDir, { recursive: true });
  // From the top, so the sticky header is drawn where it belongs in a full-page capture.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: file, fullPage: true });
}

/**
 * Closes the contexts a file opened on the worker's browser, which the worker's next file shares.
 * Files on one worker run one after another, so every open context is this file's.
 */
export async function closeContexts(browser: Browser): Promise<void> {
  await Promise.all(browser.contexts().map((context) => context.close()));
}

/**
 * Waits until a signed-in page is interactive. Its heading is server-rendered and shows before
 * React hydrates; the account menu's button is enabled only once the client has taken over, so
 * after it, shortcuts such as Ctrl+K have their listeners.
 */
export async function appInteractive(page: Page): Promise<void> {
  await expect(page.getByRole("button", { name: /^Account menu for / }).first()).toBeEnabled({ timeout: 15_000 });
}
