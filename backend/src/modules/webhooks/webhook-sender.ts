import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { bareHost, guardedLookup, isPublicAddress } from "../../lib/address-guard.js";
import { SERVICE_VERSION } from "../../version.js";

/** A receiver has this long to answer; slower counts as a failure and is retried. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** The most of a failing answer's body kept in the delivery log: enough to see why, no more. */
const ERROR_EXCERPT_CHARS = 200;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`: the timestamp is signed so a captured request cannot be replayed later. */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

export type DeliveryRequest = {
  url: string;
  secret: string;
  deliveryId: string;
  event: string;
  body: string;
  allowPrivate: boolean;
  signal: AbortSignal;
};

export type DeliveryOutcome = { ok: boolean; responseCode: number | null; durationMs: number; error: string | null };

class RefusedAddress extends Error {}

const refusedHost = (hostname: string) =>
  new RefusedAddress(`${hostname} resolves to no public address; an admin can allow private addresses in Settings`);

/**
 * POSTs one delivery: no redirects followed, the connected address checked (unless private
 * addresses are allowed), the answer's body read only for a short excerpt when it failed.
 */
export async function sendDelivery(request: DeliveryRequest): Promise<DeliveryOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, responseCode: null, durationMs: 0, error: "url is not a valid URL" };
  }
  const host = bareHost(url);
  // An IP literal is connected to without a lookup, so the guard has to look at it here.
  if (isIP(host) !== 0 && !request.allowPrivate && !isPublicAddress(host)) {
    return {
      ok: false,
      responseCode: null,
      durationMs: 0,
      error: `url points to a private address (${host}); an admin can allow private addresses in Settings`,
    };
  }
  const client = url.protocol === "https:" ? https : http;
  const timeout = AbortSignal.timeout(DELIVERY_TIMEOUT_MS);
  const signal = AbortSignal.any([request.signal, timeout]);
  return new Promise<DeliveryOutcome>((resolve) => {
    const fail = (error: string, responseCode: number | null = null) =>
      resolve({ ok: false, responseCode, durationMs: elapsed(), error });
    const outgoing = client.request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(request.body),
          "user-agent": `SpecHub-Webhooks/${SERVICE_VERSION}`,
          "x-spechub-event": request.event,
          "x-spechub-delivery": request.deliveryId,
          "x-spechub-signature": signatureHeader(request.secret, request.body, Math.floor(Date.now() / 1000)),
        },
        lookup: guardedLookup(request.allowPrivate, refusedHost),
        // A fresh connection each time: a kept-alive socket would skip the lookup, and with it
        // the address check, after private addresses were disallowed or DNS changed.
        agent: false,
        signal,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          // The status is the answer; whatever body follows is not waited for.
          resolve({ ok: true, responseCode: status, durationMs: elapsed(), error: null });
          response.destroy();
          return;
        }
        if (status >= 300 && status < 400) {
          response.resume();
          return fail(`answered ${status}: redirects are not followed`, status);
        }
        let excerpt = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          excerpt += chunk;
          if (excerpt.length >= ERROR_EXCERPT_CHARS) response.destroy();
        });
        const done = () => {
          const text = excerpt.slice(0, ERROR_EXCERPT_CHARS).trim();
          fail(`answered ${status}${text ? `: ${text}` : ""}`, status);
        };
        response.on("end", done);
        response.on("close", done);
      },
    );
    outgoing.on("error", (error) => {
      if (error instanceof RefusedAddress) return fail(error.message);
      if (timeout.aborted) return fail(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`);
      if (request.signal.aborted) return fail("the server stopped before an answer came");
      fail(`could not be sent (${error.message})`);
    });
    outgoing.end(request.body);
  });
}
