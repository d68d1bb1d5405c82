// Generates charts/pcp/README.md the way helm-docs does: a "# -- description" comment above a
// key in values.yaml documents it, nested keys get dotted names, and the default is the value
// in values.yaml. A documented map or list is one row; its insides are its default.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { chartDir, testsDir } from "./paths.mjs";

export const readmePath = path.join(chartDir, "README.md");
const templatePath = path.join(testsDir, "readme", "README.template.md");

const KEY_LINE = /^(\s*)([A-Za-z0-9_."/-]+):(\s|$)/;

/** Documented keys of values.yaml, in file order: [{ key, description }]. */
export function documentedKeys(text) {
  const rows = [];
  const stack = []; // { indent, name, documented }
  let pending = null;
  for (const line of text.split("\n")) {
    const comment = /^\s*# -- (.*)$/.exec(line);
    if (comment) {
      pending = comment[1].trim();
      continue;
    }
    const match = KEY_LINE.exec(line);
    if (!match || line.trimStart().startsWith("#")) {
      if (!line.trim().startsWith("#") && line.trim() !== "" && !match) pending = null;
      continue;
    }
    const indent = match[1].length;
    while (stack.length > 0 && stack.at(-1).indent >= indent) stack.pop();
    const insideDocumented = stack.some((entry) => entry.documented);
    const name = match[2];
    if (pending && !insideDocumented) {
      rows.push({ key: [...stack.map((entry) => entry.name), name].join("."), description: pending });
    }
    stack.push({ indent, name, documented: Boolean(pending) || insideDocumented });
    pending = null;
  }
  return rows;
}

/** Value at a dotted key (keys in values.yaml contain no dots of their own at documented levels). */
function valueAt(values, key) {
  return key.split(".").reduce((node, part) => node?.[part], values);
}

function typeOf(value) {
  if (Array.isArray(value)) return "list";
  if (value === null) return "null";
  if (typeof value === "object") return "object";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return typeof value;
}

/** Markdown table cell: one line, pipes escaped. */
const cell = (text) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

function defaultCell(value) {
  const json = JSON.stringify(value);
  return `<code>${cell(json).replaceAll("<", "&lt;")}</code>`;
}

/** Leaf values of values.yaml (scalars, lists and empty maps), as dotted keys. */
export function leafKeys(values, prefix = "") {
  return Object.entries(values).flatMap(([name, value]) => {
    const key = prefix ? `${prefix}.${name}` : name;
    if (value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0)
      return leafKeys(value, key);
    return [key];
  });
}

export function generateReadme() {
  const valuesText = fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8");
  const values = parse(valuesText);
  const chart = parse(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8"));
  const table = [
    "| Key | Type | Default | Description |",
    "|-----|------|---------|-------------|",
    ...documentedKeys(valuesText).map(({ key, description }) => {
      const value = valueAt(values, key);
      return `| ${key} | ${typeOf(value)} | ${defaultCell(value)} | ${cell(description)} |`;
    }),
  ].join("\n");
  return fs
    .readFileSync(templatePath, "utf8")
    .replaceAll("{{ name }}", chart.name)
    .replaceAll("{{ version }}", chart.version)
    .replaceAll("{{ appVersion }}", String(chart.appVersion))
    .replaceAll("{{ kubeVersion }}", chart.kubeVersion)
    .replaceAll("{{ description }}", chart.description)
    .replaceAll("{{ values }}", table);
}
