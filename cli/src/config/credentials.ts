import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CliError } from "../output.js";

/** What `spechub login` stores: the server and one credential for it. */
export type StoredCredential = {
  url: string;
} & (
  | { kind: "api_key"; apiKey: string }
  | {
      kind: "oauth";
      accessToken: string;
      refreshToken: string;
      /** Epoch milliseconds after which the access token must be refreshed first. */
      expiresAt: number;
      clientId: string;
    }
);

/** The user's config folder for SpecHub: $SPECHUB_CONFIG_DIR, else the platform's config directory. */
export function configDir(): string {
  if (process.env.SPECHUB_CONFIG_DIR) return process.env.SPECHUB_CONFIG_DIR;
  if (process.platform === "win32" && process.env.APPDATA) return path.join(process.env.APPDATA, "spechub");
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(base, "spechub");
}

const credentialsFile = () => path.join(configDir(), "credentials.json");

export function readStoredCredential(): StoredCredential | null {
  const file = credentialsFile();
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as StoredCredential;
  } catch {
    throw new CliError(`${file} is not valid JSON: run \`spechub login\` again`);
  }
}

/** Writes the credential readable by its owner only (mode 0600), in a folder only they can enter. */
export function storeCredential(credential: StoredCredential): string {
  const file = credentialsFile();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(credential, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  fs.chmodSync(file, 0o600);
  return file;
}

export function forgetCredential(): boolean {
  const file = credentialsFile();
  if (!fs.existsSync(file)) return false;
  fs.rmSync(file);
  return true;
}

/** The server and credential to use: flags, then SPECHUB_URL / SPECHUB_API_KEY (for CI), then `spechub login`. */
export function resolveConnection(flags: { url?: string }): { url: string; credential: StoredCredential | null } {
  const stored = readStoredCredential();
  const url = (flags.url ?? process.env.SPECHUB_URL ?? stored?.url)?.replace(/\/+$/, "");
  if (!url) throw new CliError("No SpecHub server: run `spechub login <url>`, or set SPECHUB_URL");
  const apiKey = process.env.SPECHUB_API_KEY;
  if (apiKey) return { url, credential: { url, kind: "api_key", apiKey } };
  return { url, credential: stored && stored.url === url ? stored : null };
}
