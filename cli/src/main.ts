#!/usr/bin/env node
import { CliError, EXIT } from "./output.js";
import { buildProgram } from "./program.js";

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  process.stderr.write(`error: ${(error as Error).stack ?? error}\n`);
  process.exit(EXIT.error);
}
