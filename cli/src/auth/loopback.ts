import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { CliError } from "../output.js";

/** PKCE (RFC 7636) with S256: the verifier stays here, the challenge goes to the server. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export const randomState = () => randomBytes(16).toString("base64url");

/** How long the CLI waits for the browser to come back. */
const WAIT_MS = 5 * 60 * 1000;

const page = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:system-ui;margin:3rem"><h1>${title}</h1><p>${text}</p></body>`;

export type LoopbackReceiver = {
  /** `http://127.0.0.1:<port>/callback`, the redirect URI for this sign-in. */
  redirectUri: string;
  /** The authorization code, once the browser comes back with one and the right `state`. */
  code: Promise<string>;
  close(): void;
};

/**
 * Listens on a free loopback port for the browser's return from the consent page (RFC 8252
 * §7.3). Only a callback with our `state` counts, so another page cannot slip its own code in;
 * an `error` the server sent back ends the wait with its description.
 */
export async function startLoopbackReceiver(state: string, expectedIssuer: string): Promise<LoopbackReceiver> {
  let settle: { resolve(code: string): void; reject(error: Error): void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/callback") {
      response.writeHead(404).end();
      return;
    }
    const answer = (status: number, title: string, text: string) =>
      response.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(page(title, text));
    if (url.searchParams.get("state") !== state) {
      answer(400, "Sign-in not recognised", "This answer does not belong to the sign-in the command line started.");
      return;
    }
    const iss = url.searchParams.get("iss");
    if (iss !== null && iss !== expectedIssuer) {
      answer(400, "Sign-in refused", "The answer came from another server than the one asked.");
      settle?.reject(new CliError(`The sign-in answer came from ${iss}, not ${expectedIssuer}`));
      return;
    }
    const error = url.searchParams.get("error");
    if (error) {
      answer(400, "Sign-in not completed", "You can close this tab; the command line says why.");
      const description = url.searchParams.get("error_description");
      settle?.reject(new CliError(`Sign-in not completed: ${error}${description ? ` (${description})` : ""}`));
      return;
    }
    const received = url.searchParams.get("code");
    if (!received) {
      answer(400, "Sign-in not completed", "The answer has no code.");
      return;
    }
    answer(200, "Signed in to SpecHub", "You can close this tab and return to the terminal.");
    settle?.resolve(received);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  const timer = setTimeout(
    () => settle?.reject(new CliError("No answer from the browser within 5 minutes: run `spechub login` again")),
    WAIT_MS,
  );
  timer.unref();
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    code,
    close() {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close();
    },
  };
}
