// The request rules clients check before sending (a slug's alphabet, a name's length, a number's
// range, a list's size), generated from the named request fields under components/schemas of the
// backend's OpenAPI document, so each rule is written once, in the backend's schema.
import path from "node:path";
import { frontendDir } from "./processes.mjs";

export const rulesFile = path.join(frontendDir, "src", "lib", "api", "rules.ts");
/** The command line checks the same rules (a prompt folder's name, `push --label`) before it sends. */
export const cliRulesFile = path.join(frontendDir, "..", "cli", "src", "api", "rules.ts");

// The backend names a request field's component `<Name>Input` (its response form is `<Name>`).
const INPUT_SUFFIX = "Input";
const RULE_KEYWORDS = ["pattern", "minLength", "maxLength", "minimum", "maximum", "maxItems"];

/** Renders `rules.ts`: one constant per named request field, holding the keywords a form checks. */
export function renderRules(document) {
  const schemas = document.components?.schemas ?? {};
  const lines = Object.keys(schemas)
    .filter((name) => name.endsWith(INPUT_SUFFIX))
    .sort()
    .flatMap((name) => {
      const keywords = RULE_KEYWORDS.filter((keyword) => schemas[name][keyword] !== undefined);
      if (keywords.length === 0) return [];
      const field = name.slice(0, -INPUT_SUFFIX.length);
      const entries = keywords.map((keyword) => `  ${keyword}: ${renderValue(keyword, schemas[name][keyword])},`);
      return [`export const ${field[0].toLowerCase()}${field.slice(1)}Rule = {`, ...entries, "} as const;", ""];
    });
  return [
    "// Generated from backend/openapi.json by `npm run api:generate`: do not edit. The rules of the",
    "// backend's named request fields (components/schemas), for forms to check before sending.",
    "",
    ...lines,
  ].join("\n");
}

function renderValue(keyword, value) {
  return keyword === "pattern" ? `new RegExp(${JSON.stringify(value)})` : String(value);
}
