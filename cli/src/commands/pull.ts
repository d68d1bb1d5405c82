import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { listServerPrompts, signedIn } from "../folder/server.js";
import { writePrompt } from "../folder/write.js";
import { printJson, progress, say } from "../output.js";
import type { GlobalOptions } from "../program.js";

export const DEFAULT_DIR = "prompts";

export function registerPull(program: Command): void {
  program
    .command("pull")
    .description("Write the prompts you may edit (or, with --all, every prompt you may see) into a folder")
    .argument("[dir]", "the prompt folder", DEFAULT_DIR)
    .option("--all", "also pull prompts you may see but not edit")
    .addHelpText(
      "after",
      `
Each prompt becomes <dir>/<name>/ with prompt.yaml (description, visibility, tags; labels for
information), system.jinja and user.jinja (the templates, byte for byte) and input_schema.json
(property order kept). Files are overwritten with the server's latest version; local folders of
prompts the server does not have are left alone. Deprecated prompts are not pulled.

Examples:
  $ spechub pull                 # into ./prompts
  $ spechub pull specs --all     # every prompt you can see, into ./specs
  $ spechub pull --json          # {"dir": ..., "prompts": [{"name", "path", "version"}]}`,
    )
    .action(async (dir: string, options: { all?: boolean }, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions>();
      const session = await signedIn(flags);
      const prompts = await listServerPrompts(session, Boolean(options.all));
      fs.mkdirSync(dir, { recursive: true });
      const written = prompts.map((prompt, index) => {
        progress(`[${index + 1}/${prompts.length}] ${prompt.name}`);
        return { name: prompt.name, path: writePrompt(dir, prompt), version: prompt.latest_version?.version ?? null };
      });
      if (flags.json) return printJson({ dir: path.resolve(dir), prompts: written });
      for (const prompt of written) say(`pulled ${prompt.name} (version ${prompt.version}) → ${prompt.path}`);
      say(`${written.length} prompt${written.length === 1 ? "" : "s"} in ${dir}`);
    });
}
