import type { Command } from "commander";
import { CliError } from "../output.js";

export function registerPull(program: Command): void {
  program
    .command("pull")
    .description("(not built yet)")
    .action(() => {
      throw new CliError("`spechub pull` is not built yet");
    });
}
