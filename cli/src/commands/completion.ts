import type { Command } from "commander";
import { CliError } from "../output.js";

export function registerCompletion(program: Command): void {
  program
    .command("completion")
    .description("(not built yet)")
    .action(() => {
      throw new CliError("`spechub completion` is not built yet");
    });
}
