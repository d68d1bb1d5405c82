import type { Command } from "commander";
import { CliError } from "../output.js";

export function registerSkills(program: Command): void {
  program
    .command("skills")
    .description("(not built yet)")
    .action(() => {
      throw new CliError("`spechub skills` is not built yet");
    });
}
