import type { Command } from "commander";
import { CliError } from "../output.js";

export function registerDiff(program: Command): void {
  program
    .command("diff")
    .description("(not built yet)")
    .action(() => {
      throw new CliError("`spechub diff` is not built yet");
    });
}

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("(not built yet)")
    .action(() => {
      throw new CliError("`spechub status` is not built yet");
    });
}
