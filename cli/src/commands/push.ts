import type { Command } from "commander";
import { CliError } from "../output.js";

export function registerPush(program: Command): void {
  program
    .command("push")
    .description("(not built yet)")
    .action(() => {
      throw new CliError("`spechub push` is not built yet");
    });
}
