import type { Page } from "@playwright/test";
import axe from "axe-core";

// axe-core's browser bundle, injected into each page as it is audited. It arrives as an inline
// script of its own, which the pages' Content Security Policy rightly refuses: contexts that
// audit pages set the policy aside with `bypassCSP: true` (security.e2e.ts tests the policy).
const axeSource: string = axe.source;

export type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/**
 * Runs axe on the page as it stands and returns the violations that block or seriously hinder
 * someone using assistive technology; minor and moderate findings are left to review.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global the injected script defines
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations as Violation[];
  });
  return violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/** One line per violation with where it is, so a failure says what to fix. */
export function describeViolations(path: string, violations: Violation[]): string {
  return violations
    .map(
      (violation) =>
        `${path}: ${violation.id} (${violation.impact}) ${violation.help}\n` +
        violation.nodes.map((node) => `    at ${JSON.stringify(node.target)}`).join("\n"),
    )
    .join("\n");
}
