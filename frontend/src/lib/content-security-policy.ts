/**
 * The web UI's Content Security Policy. Scripts run only with this response's nonce, which Next
 * puts on its own scripts (it reads the nonce from this header on the request) and next-themes
 * on its theme script; 'strict-dynamic' lets those load the chunks they need. Styles may be
 * inline: React, CodeMirror, Recharts and the org chart set style attributes, which nonces
 * cannot cover, and a style cannot run code. No page may be framed (clickjacking).
 */
export function contentSecurityPolicy(nonce: string, { development = false } = {}): string {
  return [
    "default-src 'self'",
    // Development only: React rebuilds server error stacks in the browser with eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The request header that carries the nonce from src/proxy.ts to the root layout. */
export const NONCE_HEADER = "x-nonce";

/** A fresh, unguessable nonce for one response. */
export function createNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
