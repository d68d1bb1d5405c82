import fs from "node:fs";
import path from "node:path";
import { configDir } from "./credentials.js";

/**
 * The OAuth client id this CLI registered (RFC 7591) at each server, so `spechub login` does not
 * register a new client on every sign-in (each would show up as another app to consent to).
 */
type ClientRegistry = Record<string, { clientId: string; registeredAt: string }>;

const registryFile = () => path.join(configDir(), "oauth-clients.json");

function readRegistry(): ClientRegistry {
  try {
    return JSON.parse(fs.readFileSync(registryFile(), "utf8")) as ClientRegistry;
  } catch {
    return {};
  }
}

export function rememberedClientId(serverUrl: string): string | null {
  return readRegistry()[serverUrl]?.clientId ?? null;
}

export function rememberClientId(serverUrl: string, clientId: string): void {
  const registry = readRegistry();
  registry[serverUrl] = { clientId, registeredAt: new Date().toISOString() };
  fs.mkdirSync(configDir(), { recursive: true, mode: 0o700 });
  fs.writeFileSync(registryFile(), `${JSON.stringify(registry, null, 2)}\n`, { mode: 0o600 });
}
