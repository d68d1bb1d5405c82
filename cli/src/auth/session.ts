import { readStoredCredential, type StoredCredential, storeCredential } from "../config/credentials.js";
import { withConfigLock } from "../config/lock.js";
import { discoverOAuth, refreshTokens } from "./oauth.js";

type OAuthCredential = Extract<StoredCredential, { kind: "oauth" }>;

/** Refresh this long before the access token expires, so a request never races its expiry. */
const REFRESH_MARGIN_MS = 60_000;

export const isDue = (credential: OAuthCredential) => credential.expiresAt - REFRESH_MARGIN_MS <= Date.now();

/**
 * The credential with a usable access token: refreshed (and stored, since the old refresh token
 * is spent) when it is about to expire, or always when `force` (the server refused the token).
 * Holds the config lock meanwhile and first looks at what is stored: when another `spechub`
 * process refreshed already, its tokens are taken instead of presenting a spent refresh token,
 * which the server would treat as theft and answer by ending the sign-in.
 */
export async function freshCredential(credential: OAuthCredential, force = false): Promise<OAuthCredential> {
  if (!force && !isDue(credential)) return credential;
  return withConfigLock("credentials", async () => {
    const stored = readStoredCredential();
    const sameSignIn =
      stored?.kind === "oauth" && stored.url === credential.url && stored.clientId === credential.clientId;
    if (sameSignIn && stored.refreshToken !== credential.refreshToken) {
      if (!isDue(stored)) return stored;
      credential = stored;
    } else if (sameSignIn && !force && !isDue(stored)) {
      return stored;
    }
    const server = await discoverOAuth(credential.url);
    const tokens = await refreshTokens(server, credential.clientId, credential.refreshToken);
    const refreshed: OAuthCredential = { ...credential, ...tokens };
    storeCredential(refreshed);
    return refreshed;
  });
}
