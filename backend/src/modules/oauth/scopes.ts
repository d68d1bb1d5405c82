import { OAUTH_SCOPES, type OAuthScope } from "../../db/schema.js";

/** The scopes a space-separated `scope` parameter names, in canonical order; null if it names another. */
export function parseScopes(value: string): OAuthScope[] | null {
  const named = value.split(" ").filter(Boolean);
  if (named.some((scope) => !(OAUTH_SCOPES as readonly string[]).includes(scope))) return null;
  return OAUTH_SCOPES.filter((scope) => named.includes(scope));
}

export const formatScopes = (scopes: readonly OAuthScope[]) => scopes.join(" ");

export const isSubset = (scopes: readonly OAuthScope[], of: readonly OAuthScope[]) =>
  scopes.every((scope) => of.includes(scope));
