import { createHmac, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedRequest = {
  headers: IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; [key: string]: unknown };
  /** What the receiver answered. */
  status: number;
};

/**
 * An HTTP server on 127.0.0.1 that records what it is sent and answers `answer(request)`
 * (200 by default): a webhook receiver the tests control.
 */
export async function startReceiver() {
  const received: ReceivedRequest[] = [];
  let answer: (request: Omit<ReceivedRequest, "status">) => number = () => 200;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const partial = { headers: request.headers, body, json: JSON.parse(body) };
      const status = answer(partial);
      received.push({ ...partial, status });
      response.writeHead(status, { "content-type": "text/plain" });
      response.end(status >= 300 ? "receiver is down for maintenance" : "ok");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answerWith(next: typeof answer) {
      answer = next;
    },
    /** Resolves once `done(received)` holds; fails after `timeoutMs`. */
    async waitFor(done: (received: ReceivedRequest[]) => boolean, timeoutMs = 15_000): Promise<ReceivedRequest[]> {
      const deadline = Date.now() + timeoutMs;
      while (!done(received)) {
        if (Date.now() > deadline) {
          throw new Error(`receiver did not get what was expected; got ${received.map((r) => r.json.type).join(", ")}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close").catch(() => undefined);
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** The documented check: HMAC-SHA256 of `<t>.<raw body>` with the secret, compared in constant time. */
export function verifySignature(secret: string, header: string | undefined, body: string): boolean {
  const parts = Object.fromEntries((header ?? "").split(",").map((part) => part.split("=", 2) as [string, string]));
  if (!parts.t || !parts.v1) return false;
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
