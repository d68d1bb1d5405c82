/**
 * How the consent page and the Connected apps list put an IDE's sign-in into words: what each
 * scope lets the app do, which site it says it belongs to, and where the browser goes afterwards.
 * Pure functions, so what people are told can be checked without a browser.
 */

export type ScopeText = { label: string; description: string };

/** The scopes an IDE may ask for, in the order they are shown. */
const SCOPES: Record<string, ScopeText> = {
  read: {
    label: "See and search prompts and workflows",
    description:
      "List and search the prompts and workflows you may use, and read the policies and objectives you work under.",
  },
  expand: {
    label: "Run prompts and workflows with your governance",
    description: "Expand prompts and run workflows as you, under your team's policies and objectives.",
  },
  write: {
    label: "Change prompts and settings as you",
    description:
      "Create and edit prompts, workflows and labels, and change anything else your account may change, as you.",
  },
};

/**
 * What the app will reach with its token: the MCP endpoint (an IDE's tools and slash commands)
 * or the REST API (the command line, scripts). Told apart by the resource's last path segment.
 */
export function resourceText(resource: string): { label: string; description: string } {
  if (resource.endsWith("/api")) {
    return {
      label: "The command line and REST API",
      description: "A program such as the spechub command line, calling SpecHub's REST API as you.",
    };
  }
  if (resource.endsWith("/mcp")) {
    return { label: "The MCP endpoint", description: "An AI tool such as your IDE, using prompts over MCP." };
  }
  return { label: resource, description: "An address this version of SpecHub does not describe." };
}

/** A scope in plain words; one this page does not know is shown as it is, never hidden. */
export function scopeText(scope: string): ScopeText {
  return SCOPES[scope] ?? { label: scope, description: "A permission this version of SpecHub does not describe." };
}

/** Scopes in a stable order: the known ones first, as listed above, then any others. */
export function sortScopes(scopes: readonly string[]): string[] {
  const order = Object.keys(SCOPES);
  const rank = (scope: string) => (order.includes(scope) ? order.indexOf(scope) : order.length);
  return [...scopes].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function parse(value: string | null | undefined): URL | null {
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The host of a web address (`https://cursor.com/x` → `cursor.com`), or null when it is not one. */
export function webHost(uri: string | null | undefined): string | null {
  const url = parse(uri);
  return url && (url.protocol === "https:" || url.protocol === "http:") ? url.host : null;
}

/**
 * The site an app belongs to. An app that published its details at an https address (a client
 * metadata document) is that address's site, which SpecHub fetched itself; one that registered
 * on its own only says where its site is.
 */
export function appSite(client: { id: string; uri: string | null; kind: string }): {
  host: string | null;
  verified: boolean;
} {
  if (client.kind === "metadata_document") {
    const host = webHost(client.id);
    if (host) return { host, verified: true };
  }
  return { host: webHost(client.uri), verified: false };
}

/** What to call an app: the name it gave, else its site, else a plain description. */
export function appName(name: string | null, site: string | null): string {
  return name?.trim() || site || "An unnamed app";
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Where the browser is sent after Approve or Deny, said so that someone can tell whether it is
 * the IDE they started from: a program on this computer (a loopback address or an app's own link
 * scheme), or a web site.
 */
export function redirectTarget(uri: string): { where: string; note: string } {
  const url = parse(uri);
  if (!url) return { where: uri, note: "An address SpecHub cannot read." };
  if (url.protocol === "http:" || url.protocol === "https:") {
    if (LOOPBACK.has(url.hostname) || url.hostname.startsWith("127.")) {
      return { where: url.host, note: "A program on this computer, such as your IDE." };
    }
    return { where: url.host, note: "A web site." };
  }
  const scheme = url.protocol.slice(0, -1);
  return {
    where: url.host ? `${scheme}://${url.host}` : `${scheme}:`,
    note: `An app on this computer that opens ${scheme}: links, such as your IDE.`,
  };
}
