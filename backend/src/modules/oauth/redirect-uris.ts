/**
 * Where an authorization server may send a user's browser with a code (OAuth 2.1 §2.3, RFC 8252):
 * an https page, this machine over http (a native app listening on loopback), or a private-use
 * scheme that hands the answer to an installed app (`cursor://…`, `vscode://…`).
 */

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** Schemes that would run or read something in the browser rather than reach an app. */
const REFUSED_SCHEMES = new Set([
  "javascript:",
  "data:",
  "file:",
  "vbscript:",
  "about:",
  "blob:",
  "ftp:",
  "ws:",
  "wss:",
]);

/** Why `uri` may not be a redirect URI, or null when it may. */
export function redirectUriProblem(uri: string): string | null {
  if (uri.includes("#")) return `'${uri}' must not contain a fragment`;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `'${uri}' is not an absolute URI`;
  }
  if (url.username || url.password) return `'${uri}' must not contain credentials`;
  if (url.protocol === "https:") return url.hostname ? null : `'${uri}' has no host`;
  if (url.protocol === "http:") {
    return LOOPBACK_HOSTS.has(url.hostname)
      ? null
      : `'${uri}': plain http is allowed for loopback addresses only (localhost, 127.0.0.1, [::1])`;
  }
  if (REFUSED_SCHEMES.has(url.protocol)) return `'${uri}': the ${url.protocol} scheme cannot be a redirect URI`;
  return null;
}

/** A loopback URI without its port: native apps listen on whatever port is free (RFC 8252 §7.3). */
function loopbackWithoutPort(uri: string): string | null {
  try {
    const url = new URL(uri);
    if (url.protocol !== "http:" || !LOOPBACK_HOSTS.has(url.hostname)) return null;
    url.port = "";
    return url.href;
  } catch {
    return null;
  }
}

/** Whether `given` is one of the client's registered redirect URIs: exactly, or a loopback one on any port. */
export function isRegisteredRedirectUri(registered: readonly string[], given: string): boolean {
  if (registered.includes(given)) return true;
  const loose = loopbackWithoutPort(given);
  return loose !== null && registered.some((uri) => loopbackWithoutPort(uri) === loose);
}
