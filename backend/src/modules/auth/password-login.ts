import type { Config } from "../../config.js";
import { forbidden } from "../../http/errors.js";

/**
 * With PASSWORD_LOGIN=off nobody signs in with, or sets up, a local password: single sign-on is
 * the way in. Registering the first admin stays open, or a new installation could never start.
 */
export function assertPasswordLoginOn(config: Pick<Config, "passwordLogin" | "oidc">): void {
  if (config.passwordLogin) return;
  const way = config.oidc ? `sign in with ${config.oidc.providerName}` : "ask an administrator how to sign in";
  throw forbidden(`Password sign-in is turned off here: ${way}`, "password_login_disabled");
}
