import { Command } from "commander";
import { registerCompletion } from "./commands/completion.js";
import { registerDiff, registerStatus } from "./commands/drift.js";
import { registerExpand } from "./commands/expand.js";
import { registerLogin, registerLogout, registerWhoami } from "./commands/login.js";
import { registerPull } from "./commands/pull.js";
import { registerPush } from "./commands/push.js";
import { registerSkills } from "./commands/skills.js";
import { VERSION } from "./version.js";

/** Options every command accepts (commander passes them through `command.optsWithGlobals()`). */
export type GlobalOptions = { url?: string; json?: boolean };

/** The whole command tree; `main.ts` runs it, completion walks it. */
export function buildProgram(): Command {
  const program = new Command("spechub")
    .description("SpecHub from the command line: prompts as code, governed expansion, Agent Skills")
    .version(VERSION)
    .option("--url <url>", "SpecHub server (default: $SPECHUB_URL, else the one `spechub login` stored)")
    .option("--json", "print one JSON document for scripts instead of text")
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true });
  registerLogin(program);
  registerLogout(program);
  registerWhoami(program);
  registerPull(program);
  registerPush(program);
  registerDiff(program);
  registerStatus(program);
  registerExpand(program);
  registerSkills(program);
  registerCompletion(program);
  return program;
}
