import type { Command } from "commander";
import { connect, connectWith, unwrap } from "../api/client.js";
import { openBrowser } from "../auth/browser.js";
import { pkcePair, randomState, startLoopbackReceiver } from "../auth/loopback.js";
import { discoverOAuth, exchangeCode, isClientKnown, registerCliClient, revokeToken } from "../auth/oauth.js";
import { rememberClientId, rememberedClientId } from "../config/clients.js";
import {
  forgetCredential,
  readStoredCredential,
  resolveConnection,
  type StoredCredential,
  storeCredential,
} from "../config/credentials.js";
import { CliError, printJson, say } from "../output.js";
import type { GlobalOptions } from "../program.js";

/** The redirect URI the CLI registers: loopback without a port, matched by the server on any port. */
const REGISTERED_REDIRECT = "http://127.0.0.1/callback";

type LoginOptions = GlobalOptions & { apiKey?: string; browser: boolean };

const normalise = (url: string) => url.replace(/\/+$/, "");

function serverOf(argument: string | undefined, flags: GlobalOptions): string {
  const url = argument ?? flags.url ?? process.env.SPECHUB_URL ?? readStoredCredential()?.url;
  if (!url) throw new CliError("Name the server: `spechub login https://spechub.example.com`");
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error();
  } catch {
    throw new CliError(`'${url}' is not an http(s) address of a SpecHub server`);
  }
  return normalise(url);
}

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text.trim();
}

/** The caller the credential signs in as, or a CliError when the server refuses it. */
async function whoIs(url: string, credential: StoredCredential) {
  return unwrap(connectWith(url, credential).api.GET("/api/v1/auth/me"));
}

async function loginWithApiKey(url: string, given: string, options: LoginOptions): Promise<void> {
  const apiKey = given === "-" ? await readStdin() : given.trim();
  if (!apiKey) throw new CliError("The API key is empty");
  const credential: StoredCredential = { url, kind: "api_key", apiKey };
  const me = await whoIs(url, credential).catch((error: CliError) => {
    throw new CliError(`${url} refused this API key: ${error.message}`);
  });
  const file = storeCredential(credential);
  if (options.json) printJson({ url, kind: "api_key", username: me.username, credentials_file: file });
  else say(`Signed in to ${url} as ${me.username} with an API key (stored in ${file})`);
}

/** The browser sign-in: PKCE authorization code flow with a loopback redirect (RFC 8252). */
async function loginWithBrowser(url: string, options: LoginOptions): Promise<void> {
  const server = await discoverOAuth(url);
  const state = randomState();
  const pkce = pkcePair();
  const receiver = await startLoopbackReceiver(state, server.issuer);
  try {
    let clientId = rememberedClientId(url);
    if (!clientId || !(await isClientKnown(server, clientId, receiver.redirectUri))) {
      clientId = await registerCliClient(server, REGISTERED_REDIRECT);
      rememberClientId(url, clientId);
    }
    const authorize = new URL(server.authorizationEndpoint);
    authorize.search = new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: receiver.redirectUri,
      code_challenge: pkce.challenge,
      code_challenge_method: "S256",
      scope: server.scopes.join(" "),
      state,
      resource: server.resource,
    }).toString();
    // On stderr, so `--json` output stays one document; the URL has a line of its own to copy.
    const opened = options.browser && (await openBrowser(authorize.href));
    process.stderr.write(
      opened
        ? `Your browser should open to sign in. If it does not, open this address:\n${authorize.href}\n`
        : `Open this address in a browser to sign in:\n${authorize.href}\n`,
    );
    process.stderr.write("Waiting for the browser…\n");
    const code = await receiver.code;
    const tokens = await exchangeCode(server, {
      clientId,
      code,
      redirectUri: receiver.redirectUri,
      verifier: pkce.verifier,
    });
    const credential: StoredCredential = { url, kind: "oauth", ...tokens, clientId };
    const me = await whoIs(url, credential);
    const file = storeCredential(credential);
    if (options.json) printJson({ url, kind: "oauth", username: me.username, credentials_file: file });
    else say(`Signed in to ${url} as ${me.username} (stored in ${file})`);
  } finally {
    receiver.close();
  }
}

export function registerLogin(program: Command): void {
  program
    .command("login")
    .description("Sign in to a SpecHub server: in the browser, or with an API key")
    .argument("[url]", "the server's address (default: --url, $SPECHUB_URL, else the one signed in to before)")
    .option("--api-key <key>", "sign in with an API key instead of the browser; `-` reads it from stdin")
    .option("--no-browser", "print the sign-in address instead of opening a browser (for SSH sessions)")
    .addHelpText(
      "after",
      `
The browser sign-in asks you to approve "SpecHub CLI" on the server's consent page; the CLI
then reads and changes prompts as you (scopes read, expand, write) and refreshes its token on
its own. The credential is stored readable by you only (mode 0600) in the config folder
($SPECHUB_CONFIG_DIR, else ~/.config/spechub). In CI, skip login: set SPECHUB_URL and
SPECHUB_API_KEY.

Examples:
  spechub login https://spechub.example.com
  spechub login https://spechub.example.com --no-browser
  echo "$KEY" | spechub login https://spechub.example.com --api-key -`,
    )
    .action(async (url: string | undefined, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<LoginOptions>();
      const server = serverOf(url, options);
      if (options.apiKey !== undefined) await loginWithApiKey(server, options.apiKey, options);
      else await loginWithBrowser(server, options);
    });
}

export function registerLogout(program: Command): void {
  program
    .command("logout")
    .description("Sign out: revoke the browser sign-in's tokens and forget the stored credential")
    .addHelpText(
      "after",
      `
An API key stored by \`spechub login --api-key\` is forgotten here but stays valid on the
server: revoke it in the web UI if it should end.

Examples:
  spechub logout`,
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const stored = readStoredCredential();
      let revoked = false;
      if (stored?.kind === "oauth") {
        try {
          await revokeToken(await discoverOAuth(stored.url), stored.clientId, stored.refreshToken);
          revoked = true;
        } catch (error) {
          // Signing out locally must work offline too; say what is left.
          process.stderr.write(
            `warning: could not revoke the sign-in on ${stored.url} (${(error as Error).message}); it ends when its tokens expire or when you disconnect "SpecHub CLI" in the web UI\n`,
          );
        }
      }
      const forgotten = forgetCredential();
      if (options.json) printJson({ signed_out: forgotten, revoked, url: stored?.url ?? null });
      else if (!forgotten) say("Not signed in");
      else say(`Signed out of ${stored?.url}${revoked ? " (sign-in revoked on the server)" : ""}`);
    });
}

export function registerWhoami(program: Command): void {
  program
    .command("whoami")
    .description("Show who the CLI acts as: user, role, team, server and kind of credential")
    .addHelpText(
      "after",
      `
Examples:
  spechub whoami
  spechub whoami --json`,
    )
    .action(async (_options: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const { credential } = resolveConnection(options);
      if (!credential) throw new CliError("Not signed in: run `spechub login <url>` or set SPECHUB_API_KEY");
      const { api, url } = connect(options);
      const me = await unwrap(api.GET("/api/v1/auth/me"));
      const team = await api
        .GET("/api/v1/teams/{team_id}", { params: { path: { team_id: me.team_id } } })
        .then((result) => result.data ?? null)
        .catch(() => null);
      const source = process.env.SPECHUB_API_KEY ? "SPECHUB_API_KEY" : "stored login";
      const kind = credential.kind === "oauth" ? "oauth" : "api_key";
      if (options.json) {
        printJson({
          url,
          credential: kind,
          source,
          user: { id: me.id, username: me.username, display_name: me.display_name, email: me.email, role: me.role },
          team: { id: me.team_id, name: team?.name ?? null },
        });
        return;
      }
      say(
        `User:       ${me.username}${me.display_name ? ` (${me.display_name})` : ""}${me.email ? ` <${me.email}>` : ""}`,
      );
      say(`Role:       ${me.role}`);
      say(`Team:       ${team?.name ?? me.team_id}`);
      say(`Server:     ${url}`);
      say(`Credential: ${kind === "oauth" ? "browser sign-in (OAuth)" : "API key"}, from ${source}`);
    });
}
