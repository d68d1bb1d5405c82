import type { Command } from "commander";
import { CliError } from "../output.js";

export function registerLogin(program: Command): void {
  program
    .command("login")
    .description("(not built yet)")
    .action(() => {
      throw new CliError("`spechub login` is not built yet");
    });
}

export function registerLogout(program: Command): void {
  program
    .command("logout")
    .description("(not built yet)")
    .action(() => {
      throw new CliError("`spechub logout` is not built yet");
    });
}
