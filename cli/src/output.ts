/** An error the CLI reports as one readable line (no stack trace) before exiting with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Exit codes: 0 success; 1 drift found (`status`, `diff`); 2 any error. */
export const EXIT = { ok: 0, drift: 1, error: 2 } as const;

/** Prints a value for scripts: one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A line for people on stdout. */
export function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Progress on a long operation, on stderr so stdout stays clean for `--json` and pipes. Quiet
 * when stderr is not a terminal unless SPECHUB_PROGRESS=1.
 */
export function progress(line: string): void {
  if (process.stderr.isTTY || process.env.SPECHUB_PROGRESS === "1") process.stderr.write(`${line}\n`);
}
