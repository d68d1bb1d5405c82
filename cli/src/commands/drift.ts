import type { Command } from "commander";
import { compareFolder, type Drift, isInSync, unifiedDiff } from "../folder/compare.js";
import { formatProblem, readFolder } from "../folder/read.js";
import { signedIn } from "../folder/server.js";
import { CliError, EXIT, printJson, say } from "../output.js";
import type { GlobalOptions } from "../program.js";
import { DEFAULT_DIR } from "./pull.js";

type DriftOptions = { all?: boolean };

/** Reads the folder (refusing one with problems) and compares it with the server. */
async function driftOf(dir: string, options: DriftOptions, flags: GlobalOptions): Promise<Drift[]> {
  const { prompts, problems } = readFolder(dir);
  if (problems.length > 0) {
    throw new CliError(`the folder has problems:\n${problems.map(formatProblem).join("\n")}`);
  }
  return compareFolder(await signedIn(flags), prompts, Boolean(options.all));
}

const toJson = (drifts: Drift[]) => ({
  in_sync: isInSync(drifts),
  prompts: drifts.map(({ name, state, files }) => ({ name, state, files })),
});

function describe(drift: Drift): string {
  switch (drift.state) {
    case "in_sync":
      return "in sync";
    case "modified":
      return `modified (${drift.files.join(", ")})`;
    case "only_local":
      return "only local (new: push creates it)";
    case "only_server":
      return "only on server (pull fetches it)";
  }
}

const EXIT_CODES_HELP = `
Exit codes: 0 the folder matches the server; 1 they differ; 2 error.
The server side of each prompt is its latest version; prompt.yaml's labels are not compared.`;

export function registerDiff(program: Command): void {
  program
    .command("diff")
    .description("Show how the prompt folder differs from the server, as unified diffs")
    .argument("[dir]", "the prompt folder", DEFAULT_DIR)
    .option("--all", "also list prompts on the server you may see but not edit")
    .addHelpText(
      "after",
      `${EXIT_CODES_HELP}
In the diffs, a/ is the server and b/ the folder (what push would send).

Examples:
  $ spechub diff
  $ spechub diff specs --json    # {"in_sync", "prompts": [{"name", "state", "files", "diff"}]}`,
    )
    .action(async (dir: string, options: DriftOptions, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions>();
      const drifts = await driftOf(dir, options, flags);
      if (flags.json) {
        const json = toJson(drifts);
        printJson({
          ...json,
          prompts: json.prompts.map((prompt, i) => ({ ...prompt, diff: unifiedDiff(drifts[i]!) })),
        });
      } else {
        for (const drift of drifts) if (drift.state !== "in_sync") process.stdout.write(unifiedDiff(drift));
      }
      if (!isInSync(drifts)) process.exitCode = EXIT.drift;
    });
}

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("One line per prompt: in sync, modified (which files), only local or only on the server")
    .argument("[dir]", "the prompt folder", DEFAULT_DIR)
    .option("--all", "also list prompts on the server you may see but not edit")
    .addHelpText(
      "after",
      `${EXIT_CODES_HELP}

Examples:
  $ spechub status
  $ spechub status specs || echo "prompts drifted"
  $ spechub status --json        # {"in_sync": false, "prompts": [{"name", "state", "files"}]}`,
    )
    .action(async (dir: string, options: DriftOptions, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions>();
      const drifts = await driftOf(dir, options, flags);
      if (flags.json) printJson(toJson(drifts));
      else {
        const width = Math.max(0, ...drifts.map((drift) => drift.name.length));
        for (const drift of drifts) say(`${drift.name.padEnd(width)}  ${describe(drift)}`);
        if (drifts.length === 0) say("no prompts in the folder or on the server");
      }
      if (!isInSync(drifts)) process.exitCode = EXIT.drift;
    });
}
