import fs from "node:fs";
import type { Command } from "commander";
import { type Api, connect, unwrap } from "../api/client.js";
import { withPromptName } from "../folder/server.js";
import { CliError, printJson, say } from "../output.js";
import type { GlobalOptions } from "../program.js";

type ExpandOptions = { input: string[]; inputFile?: string; label?: string; version?: string; project?: string };

/** `k=v`: the value as JSON when it parses (numbers, booleans, arrays, objects, null), else the text itself. */
export function parseInputPair(pair: string): [string, unknown] {
  const at = pair.indexOf("=");
  if (at <= 0) throw new CliError(`--input expects key=value, got '${pair}'`);
  const key = pair.slice(0, at);
  const raw = pair.slice(at + 1);
  try {
    return [key, JSON.parse(raw)];
  } catch {
    return [key, raw];
  }
}

function readInputFile(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) throw new CliError(`No input file at ${file}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new CliError(`${file} must hold a JSON object of inputs`);
  }
  return parsed as Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A project id as given, or the id of the project with that name or slug. */
async function resolveProject(api: Api, project: string): Promise<string> {
  if (UUID.test(project)) return project;
  const { items } = await unwrap(api.GET("/api/v1/projects"));
  const wanted = project.toLowerCase();
  const found = items.find((item) => item.slug === project || item.name.toLowerCase() === wanted);
  if (!found) throw new CliError(`No project named '${project}' that you can see (give its name, slug or id)`);
  return found.id;
}

/**
 * The root command's `--version` (print the CLI's version) is recognised after sub-commands too
 * and would swallow `expand --version 3`. Written as `--version=3`, the root does not take it (its
 * flag has no value) and expand receives it: rewrite the arguments that way before parsing.
 */
function keepVersionForExpand(argv: string[]): void {
  const at = argv.indexOf("expand", 2);
  if (at < 0) return;
  for (let i = at + 1; i < argv.length - 1; i++) {
    if (argv[i] === "--") break;
    if (argv[i] === "--version") argv.splice(i, 2, `--version=${argv[i + 1]}`);
  }
}

export function registerExpand(program: Command): void {
  keepVersionForExpand(process.argv);
  program
    .command("expand")
    .description("Print a prompt's governed messages, as an IDE receives them")
    .argument("<name>", "the prompt")
    .option(
      "-i, --input <key=value>",
      "an input (repeatable); the value is read as JSON when it parses (42, true, [1,2], null), else as text",
      (pair: string, previous: string[]) => [...previous, pair],
      [] as string[],
    )
    .option("--input-file <file>", "a JSON object of inputs; --input values override its keys")
    .option("--label <label>", "expand the version this label points at (e.g. staging, latest)")
    .option("--version <version>", "expand this exact version")
    .option("--project <project>", "also apply this project's policies and objectives (id, name or slug)")
    .addHelpText(
      "after",
      `
Your policies and objectives (and the project's, with --project) are applied exactly as for
your IDE. Without --label or --version the served version (production, else latest) is used.
--json prints the API's answer (system_message, user_message, applied_policies, objectives,
validations, prompt_version).

Examples:
  $ spechub expand code-review --input language=python --input strict=true
  $ spechub expand code-review --input-file input.json --label staging
  $ spechub expand code-review -i 'files=["a.ts","b.ts"]' --project payments --json`,
    )
    .action(async (name: string, options: ExpandOptions, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions>();
      if (options.label && options.version) throw new CliError("Give --label or --version, not both");
      const input = options.inputFile ? readInputFile(options.inputFile) : {};
      for (const pair of options.input) {
        const [key, value] = parseInputPair(pair);
        input[key] = value;
      }
      const { api } = connect(flags);
      const project_id = options.project ? await resolveProject(api, options.project) : undefined;
      const body = { input, ...(project_id ? { project_id } : {}) };
      const expanded = await withPromptName(
        name,
        unwrap(
          options.version
            ? api.POST("/api/v1/expand/{name}/versions/{version}", {
                params: { path: { name, version: options.version } },
                body,
              })
            : api.POST("/api/v1/expand/{name}", {
                params: { path: { name }, query: options.label ? { label: options.label } : {} },
                body,
              }),
        ),
      );
      if (flags.json) return printJson(expanded);
      if (expanded.system_message !== null) {
        say("### system");
        say(expanded.system_message);
        say();
      }
      say("### user");
      say(expanded.user_message);
      if (expanded.validations.length > 0) {
        say();
        say("### checks the answer should pass");
        for (const check of expanded.validations) say(`- ${check.name}: ${check.content}`);
      }
      const applied = expanded.applied_policies.length > 0 ? expanded.applied_policies.join(", ") : "none";
      process.stderr.write(`${expanded.prompt_name} ${expanded.prompt_version}; policies applied: ${applied}\n`);
    });
}
