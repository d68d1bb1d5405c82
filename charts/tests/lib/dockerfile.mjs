// A small Dockerfile reader: enough of the syntax (continuations, comments, stages, exec and
// shell forms, COPY flags) to assert what an image is built from and how it runs, on machines
// without a container engine.
import fs from "node:fs";

/** Splits a Dockerfile into logical lines: continuations joined, comments and blanks dropped. */
function logicalLines(text) {
  const lines = [];
  let current = "";
  for (const physical of text.split(/\r?\n/)) {
    // Comment lines are dropped even inside a continued instruction, as Docker does.
    if (/^\s*#/.test(physical)) continue;
    if (/\\\s*$/.test(physical)) {
      current += `${physical.replace(/\\\s*$/, "")} `;
      continue;
    }
    current += physical;
    if (current.trim()) lines.push(current.trim().replace(/\s+/g, " "));
    current = "";
  }
  if (current.trim()) lines.push(current.trim());
  return lines;
}

/** Leading --flag=value options of COPY/ADD/RUN, and the rest. */
function splitFlags(args) {
  const flags = {};
  let rest = args;
  for (;;) {
    const match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest);
    if (!match) break;
    flags[match[1]] = match[2] ?? true;
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

function execForm(args) {
  if (!args.startsWith("[")) return null;
  try {
    return JSON.parse(args);
  } catch {
    return null;
  }
}

/** ENV in both forms: `ENV A=1 B="two"` and the legacy `ENV A 1`. */
function parseEnv(args) {
  const env = {};
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
    const [name, ...value] = args.split(" ");
    env[name] = value.join(" ");
    return env;
  }
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))/g)) {
    env[match[1]] = match[3] ?? match[4] ?? match[5] ?? "";
  }
  return env;
}

/**
 * Parses a Dockerfile into stages: [{ from, name, env, instructions: [{ op, args, flags, rest,
 * exec }] }], where env collects the stage's ENV values.
 */
export function parseDockerfile(file) {
  const stages = [];
  for (const line of logicalLines(fs.readFileSync(file, "utf8"))) {
    const space = line.indexOf(" ");
    const op = (space === -1 ? line : line.slice(0, space)).toUpperCase();
    const args = space === -1 ? "" : line.slice(space + 1);
    if (op === "FROM") {
      const { rest } = splitFlags(args);
      const [from, as, name] = rest.split(" ");
      stages.push({ from, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [], env: {} });
      continue;
    }
    if (stages.length === 0) {
      if (op === "ARG") continue;
      throw new Error(`${file}: ${op} before FROM`);
    }
    const stage = stages.at(-1);
    const { flags, rest } = ["COPY", "ADD", "RUN"].includes(op) ? splitFlags(args) : { flags: {}, rest: args };
    const instruction = { op, args, flags, rest, exec: execForm(rest) };
    if (op === "ENV") Object.assign(stage.env, parseEnv(args));
    stage.instructions.push(instruction);
  }
  return stages;
}

/** Instructions of one kind in a stage. */
export function ops(stage, op) {
  return stage.instructions.filter((instruction) => instruction.op === op);
}

/** Sources and destination of a COPY/ADD (exec or whitespace form). */
export function copyParts(instruction) {
  const parts = instruction.exec ?? instruction.rest.split(" ");
  return { sources: parts.slice(0, -1), destination: parts.at(-1), from: instruction.flags.from };
}
