import type { Command } from "commander";
import { CliError } from "../output.js";

export function registerExpand(program: Command): void {
  program
    .command("expand")
    .description("(not built yet)")
    .action(() => {
      throw new CliError("`spechub expand` is not built yet");
    });
}
