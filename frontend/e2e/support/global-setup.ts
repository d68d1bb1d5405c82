import fs from "node:fs";
import { assertChromium, screenshotDir } from "./chromium";

/** Checks that Debian's Chromium is there and empties the screenshot folder of the last run. */
export default function globalSetup(): void {
  assertChromium();
  fs.rmSync(screenshotDir, { recursive: true, force: true });
  fs.mkdirSync(screenshotDir, { recursive: true });
}
