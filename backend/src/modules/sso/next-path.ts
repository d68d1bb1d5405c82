/** Stands in for this site's origin: only whether a target stays on it matters. */
const SITE = "http://spechub.invalid";

/**
 * Where to go after signing in: `next` when it is a path on this site, else `/`. An absolute or
 * protocol-relative URL (`//evil.example`) would make the sign-in an open redirect; browsers read
 * a backslash as a slash and drop tabs and newlines, so those are refused outright too.
 */
export function localNextPath(next: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (!next?.startsWith("/") || next.startsWith("//") || /[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  let target: URL;
  try {
    target = new URL(next, SITE);
  } catch {
    return "/";
  }
  if (target.origin !== SITE) return "/";
  return target.pathname + target.search + target.hash;
}
