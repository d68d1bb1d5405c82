#!/usr/bin/env node
// The README's screenshots, taken from a real run (build the backend and this app first):
//
//   node scripts/readme-screenshots.mjs
//
// Starts the built backend on a temporary embedded database and the standalone frontend, seeds a
// small organization through the API (a team tree with policies and objectives, a few people, a
// prompt and a workflow), and saves light-theme PNGs of the prompt playground, the teams org
// chart, a workflow run, and an IDE signing in (the consent page and Settings → Connected apps)
// to docs/images/ at the repository's root.
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";
import { chromiumPath } from "../../scripts/chromium.mjs";
import { frontendDir, startBackend, startFrontend } from "./lib/processes.mjs";

const imagesDir = path.join(frontendDir, "..", "docs", "images");
const viewport = { width: 1280, height: 800 };
const admin = { username: "ada", password: "correct horse battery" };

/** The admin calling the API through the frontend, as the web UI does. */
function apiClient(base, token) {
  return async (method, route, body) => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

async function seed(base) {
  const registered = await apiClient(base)("POST", "/api/v1/auth/register", {
    org_name: "Acme Robotics",
    org_slug: "acme-robotics",
    display_name: "Ada Lovelace",
    email: "ada@acme.example",
    username: admin.username,
    password: admin.password,
  });
  const call = apiClient(base, registered.token);
  const root = registered.user.team_id;

  const team = (name, parent, description) =>
    call("POST", "/api/v1/teams", {
      name,
      slug: name.toLowerCase().replaceAll(" ", "-"),
      description,
      parent_team_id: parent,
    });
  const engineering = await team("Engineering", root, "Everyone who ships code.");
  const platform = await team("Developer Platform", engineering.id, "CI, tooling and the internal cloud.");
  const web = await team("Web", engineering.id, "The customer-facing apps.");
  await team("Design Studio", root, "Product and brand design.");

  const people = [
    ["grace", "Grace Hopper", platform.id],
    ["alan", "Alan Turing", web.id],
    ["hedy", "Hedy Lamarr", web.id],
    ["linus", "Linus Pauling", engineering.id],
  ];
  for (const [username, display_name, team_id] of people) {
    await call("POST", "/api/v1/users", {
      username,
      display_name,
      email: `${username}@acme.example`,
      team_id,
      role: "member",
    });
  }

  const policy = (owner, name, enforcement_type, content, priority = 0) =>
    call("POST", "/api/v1/policies", { ...owner, name, enforcement_type, content, priority });
  await policy(
    { team_id: root },
    "No secrets",
    "prepend",
    "Never put credentials, tokens or personal data in code, logs or examples.",
    10,
  );
  await policy({ team_id: root }, "Tests with every change", "validate", "Every behaviour change comes with a test.");
  await policy({ team_id: web.id }, "Accessible UI", "validate", "Every control has an accessible name.");
  await call("POST", "/api/v1/objectives", { team_id: root, title: "Ship the self-hosted release by June" });
  await call("POST", "/api/v1/objectives", { team_id: engineering.id, title: "p95 API latency under 200 ms" });

  await call("POST", "/api/v1/prompts", {
    name: "code-review",
    description: "Reviews a change for bugs, security and readability.",
    visibility: "org",
    version: {
      version: "1.0.0",
      tags: ["review"],
      system_template: "You are a senior {{ language }} reviewer. Be specific and kind.",
      user_template:
        "Review this {{ language }} change, focusing on {{ focus | join(', ') }}:\n\n{{ code }}\n\nObjectives:\n{{ objectives }}",
      input_schema: {
        type: "object",
        properties: {
          language: { type: "string", enum: ["go", "python", "typescript"] },
          code: { type: "string", description: "The diff or the code to review" },
          focus: { type: "array", items: { type: "string" }, default: ["bugs", "security"] },
        },
        required: ["language", "code"],
      },
    },
  });
  await call("POST", "/api/v1/prompts", {
    name: "release-notes",
    description: "Turns a review into customer-facing release notes.",
    visibility: "org",
    version: {
      version: "1.0.0",
      user_template: "Write release notes for {{ product }} from this review:\n\n{{ review }}",
      input_schema: {
        type: "object",
        properties: { product: { type: "string", maxLength: 80 }, review: { type: "string" } },
        required: ["product", "review"],
      },
    },
  });
  const workflow = await call("POST", "/api/v1/workflows", {
    name: "Review and announce",
    description: "Reviews a change, then drafts its release notes.",
    visibility: "org",
    steps: [
      { id: "review", prompt_name: "code-review", depends_on: [] },
      { id: "notes", prompt_name: "release-notes", depends_on: ["review"] },
    ],
  });
  return { workflowId: workflow.id };
}

/** The IDE's loopback address that the browser returns to after Approve, as desktop IDEs listen. */
async function startIdeCallback() {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/plain" }).end("Signed in: you can close this tab.");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    redirectUri: `http://127.0.0.1:${server.address().port}/callback`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** An IDE registered as one registers itself, and the address that starts its sign-in (PKCE S256). */
async function ideSignIn(base, redirectUri) {
  const client = await apiClient(base)("POST", "/oauth/register", {
    client_name: "Visual Studio Code",
    client_uri: "https://code.visualstudio.com",
    redirect_uris: [redirectUri],
    token_endpoint_auth_method: "none",
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
  });
  const verifier = randomBytes(32).toString("base64url");
  const query = new URLSearchParams({
    response_type: "code",
    client_id: client.client_id,
    redirect_uri: redirectUri,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    scope: "read expand",
    state: randomBytes(8).toString("hex"),
    resource: `${base}/mcp`,
  });
  return `/oauth/authorize?${query}`;
}

async function capture(base, { workflowId, authorizePath, redirectUri }) {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const context = await browser.newContext({ viewport, baseURL: base, colorScheme: "light" });
    const login = await context.request.post("/api/v1/auth/login", {
      data: { email: admin.username, password: admin.password },
      headers: { origin: base },
    });
    if (!login.ok()) throw new Error(`login answered ${login.status()}`);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    /** The viewport, or only the card under `heading` (with a margin) when one is named. */
    const save = async (name, heading) => {
      const file = path.join(imagesDir, `${name}.png`);
      if (heading) {
        const card = page
          .getByRole("heading", { name: heading, exact: true })
          .locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' rounded-xl ')][1]");
        // From the top, so the sticky header is drawn where it belongs rather than over the card.
        await page.evaluate(() => window.scrollTo(0, 0));
        const box = await card.boundingBox();
        const margin = 16;
        await page.screenshot({
          path: file,
          fullPage: true,
          clip: {
            x: box.x - margin,
            y: box.y - margin,
            width: box.width + 2 * margin,
            height: box.height + 2 * margin,
          },
        });
      } else {
        await page.screenshot({ path: file });
      }
      console.log(`${path.relative(process.cwd(), file)}: ${(fs.statSync(file).size / 1024).toFixed(0)} kB`);
    };

    await page.goto("/prompts/code-review");
    await page.getByLabel("Language").selectOption({ label: "go" });
    await page.getByLabel("Code").fill('func Greet(name string) string {\n\treturn "Hello, " + name\n}');
    await page.getByRole("button", { name: "Expand", exact: true }).click();
    const system = page.getByRole("region", { name: "System message" });
    await system.waitFor();
    await save("prompt-playground", "Playground");

    await page.goto("/teams");
    await page.getByRole("heading", { name: "Acme Robotics", level: 2 }).waitFor();
    await page.locator(".react-flow__node").filter({ hasText: "Developer Platform" }).click();
    await page.getByRole("heading", { name: "Developer Platform", level: 2 }).waitFor();
    // The chart fits the tree to its frame after its first layout.
    await page.waitForTimeout(800);
    await save("teams-org-chart");

    await page.goto(`/workflows/${workflowId}`);
    await page.getByLabel(/^Language/).selectOption({ label: "typescript" });
    await page.getByLabel(/^Code/).fill("export const add = (a: number, b: number) => a + b;");
    await page.getByLabel(/^Product/).fill("Acme Cloud");
    await page.getByRole("button", { name: "Run workflow" }).click();
    await page.getByRole("article", { name: "Result of step notes" }).waitFor();
    await save("workflow-run", "Run");

    await page.goto(authorizePath);
    await page.getByRole("heading", { name: "Allow Visual Studio Code to use SpecHub as you?" }).waitFor();
    await save("oauth-consent", "Allow Visual Studio Code to use SpecHub as you?");
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL((url) => url.href.startsWith(redirectUri));
    await page.goto("/settings?tab=connected-apps");
    await page.getByRole("row").filter({ hasText: "Visual Studio Code" }).waitFor();
    await save("oauth-connected-apps", "Connected apps");
  } finally {
    await browser.close();
  }
}

fs.mkdirSync(imagesDir, { recursive: true });
const backend = await startBackend();
const ide = await startIdeCallback();
let frontend;
try {
  frontend = await startFrontend({ backendUrl: backend.url });
  const seeded = await seed(frontend.url);
  const authorizePath = await ideSignIn(frontend.url, ide.redirectUri);
  await capture(frontend.url, { ...seeded, authorizePath, redirectUri: ide.redirectUri });
} finally {
  await frontend?.stop();
  await backend.stop();
  await ide.close();
}
