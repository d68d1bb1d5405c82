import path from "node:path";
import type { Command } from "commander";
import { connect } from "../api/client.js";
import { CliError, say } from "../output.js";
import type { GlobalOptions } from "../program.js";
import { fetchSkills, resolveProjectId } from "../skills/fetch-skills.js";
import { TARGET_NAMES, TARGETS, type Target } from "../skills/targets.js";
import { watchSkills } from "../skills/watch.js";
import { MARKER_FILE, type SyncReport, writeSkills } from "../skills/writer.js";

type SyncOptions = GlobalOptions & { target?: string; project?: string; watch?: boolean };

function targetDir(dir: string | undefined, target: string | undefined): string {
  if (dir !== undefined) return path.resolve(dir);
  const name = (target ?? "claude") as Target;
  if (!(name in TARGETS)) throw new CliError(`Unknown --target '${target}': use one of ${TARGET_NAMES.join(", ")}`);
  return path.resolve(TARGETS[name]);
}

function printReport(report: SyncReport, json: boolean | undefined): void {
  for (const skipped of report.skipped) process.stderr.write(`warning: ${skipped.skill}: ${skipped.reason}\n`);
  if (json) {
    // Watch mode prints one such document per sync, one per line.
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const parts = [
    `${report.written.length} written`,
    `${report.unchanged.length} unchanged`,
    `${report.removed.length} removed`,
    ...(report.skipped.length > 0 ? [`${report.skipped.length} left alone`] : []),
  ];
  say(`Skills in ${report.dir}: ${parts.join(", ")}`);
  for (const name of report.written) say(`  wrote   ${name}/SKILL.md`);
  for (const name of report.removed) say(`  removed ${name}`);
}

export function registerSkills(program: Command): void {
  const skills = program
    .command("skills")
    .description("Export the prompts you may expand as Agent Skills for your coding agent")
    .addHelpText(
      "after",
      `
Examples:
  spechub skills sync
  spechub skills sync --target copilot --watch`,
    );

  skills
    .command("sync")
    .description("Write each prompt you may expand as <dir>/<skill>/SKILL.md, with your governance applied")
    .argument("[dir]", "the skills folder (default: the --target's folder under the working directory)")
    .option(
      "--target <agent>",
      `whose folder to write when no [dir] is given: ${TARGET_NAMES.map((name) => `${name} (${TARGETS[name]})`).join(", ")}`,
      "claude",
    )
    .option("--project <project>", "add this project's governance (its id, name or slug)")
    .option("--watch", "keep the folder in sync as prompts and governance change, until Ctrl+C")
    .addHelpText(
      "after",
      `
Targets: claude is Claude Code's project skills folder; copilot is where GitHub Copilot (VS Code
and the coding agent) reads skills; agents is the shared .agents/skills folder that OpenAI Codex
and other agents read. Any other agent: give its folder as [dir].

Each skill folder the command writes holds ${MARKER_FILE} (server, prompt, version, digest).
Only such folders from the same server are updated or removed; a folder of the same name
without it is left alone with a warning. Placeholders such as <language> in a skill mark where
an input's value goes.

Examples:
  spechub skills sync
  spechub skills sync --target copilot
  spechub skills sync ./skills --project payments
  spechub skills sync --watch`,
    )
    .action(async (dir: string | undefined, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<SyncOptions>();
      const folder = targetDir(dir, options.target);
      const connection = connect(options);
      const projectId = await resolveProjectId(connection, options.project);
      const sync = async () => {
        const report = writeSkills(folder, connection.url, await fetchSkills(connection, projectId));
        printReport(report, options.json);
      };
      await sync();
      if (!options.watch) return;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        await watchSkills(connection, {
          projectId,
          signal: stop.signal,
          log: (line) => process.stderr.write(`${line}\n`),
          sync: () =>
            sync().catch((error: unknown) => {
              if (error instanceof CliError && /sign-in ended/i.test(error.message)) throw error;
              process.stderr.write(
                `warning: sync failed (${(error as Error).message}); trying again on the next change\n`,
              );
            }),
        });
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
      if (!options.json) say("Stopped watching");
    });
}
