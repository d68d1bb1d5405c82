import { unprocessable } from "../../http/errors.js";
import { bareHost, checkHostIsPublic } from "../../lib/address-guard.js";

const ALLOW_HINT = "an admin can allow private addresses in Settings";

/**
 * Checks a webhook URL when it is saved: https (http too while private addresses are allowed),
 * no credentials in it, and a host that resolves to public addresses only. Deliveries check the
 * address they connect to again, since DNS can answer differently later.
 */
export async function assertDeliverableUrl(raw: string, allowPrivate: boolean): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw unprocessable("url is not a valid absolute URL", "invalid_webhook_url");
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) {
    throw unprocessable(
      url.protocol === "http:"
        ? `url must use https; ${ALLOW_HINT} (which also allows http)`
        : "url must be an https URL",
      "invalid_webhook_url",
    );
  }
  if (url.username || url.password) {
    throw unprocessable("url must not hold a user name or password", "invalid_webhook_url");
  }
  if (!allowPrivate) {
    const host = bareHost(url);
    const check = await checkHostIsPublic(host);
    if (!check.ok && check.reason === "unresolvable") {
      throw unprocessable(`url's host ${host} does not resolve to an address`, "webhook_url_unresolvable");
    }
    if (!check.ok && check.reason === "non_public") {
      throw unprocessable(`url resolves to a private address (${check.address}); ${ALLOW_HINT}`, "webhook_url_private");
    }
  }
  return url.toString();
}
