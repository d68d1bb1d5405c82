import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

// Names only this file uses, so it neither depends on nor disturbs the other files' data.
const suffix = Date.now().toString(36);
const teams = { primary: `Inv Platform ${suffix}`, other: `Inv Web ${suffix}` };
const invitee = {
  email: `ines.${suffix}@example.com`,
  username: `ines_${suffix}`,
  name: "Ines Invited",
  password: "two teams please",
};
const revokedEmail = `rory.${suffix}@example.com`;

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("managing invitations in the browser", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;
  let visitor: BrowserContext | undefined;

  const call = (method: "GET" | "POST", path: string, data?: unknown) =>
    page.request.fetch(path, { method, data, headers: { origin: base } });

  async function createTeam(name: string, parentTeamId: string) {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    const response = await call("POST", "/api/v1/teams", { name, slug, parent_team_id: parentTeamId });
    expect(response.status(), await response.text()).toBe(201);
  }

  /** The link the dialog shows, once it is filled in with this site's address. */
  async function shownLink(dialogName: string): Promise<string> {
    const dialog = page.getByRole("dialog", { name: dialogName });
    const link = dialog.getByTestId("invitation-link");
    await expect.poll(async () => (await link.textContent()) ?? "").toMatch(/\/invite\/[^/]+$/);
    const text = (await link.textContent()) ?? "";
    await dialog.getByRole("button", { name: "Done" }).click();
    return text;
  }

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const rootTeamId = (await signInAsAdmin(page.request, base)).user.team_id;
    await createTeam(teams.primary, rootTeamId);
    await createTeam(teams.other, rootTeamId);
  });
  test.afterAll(async ({ browser }) => {
    await visitor?.close();
    await closeContexts(browser);
  });

  test("invites into two teams, regenerates the link, and only the new link works", async () => {
    await page.goto("/settings?tab=invitations");
    await page.getByLabel("Email").fill(invitee.email);
    await page.getByLabel("Find the primary team").fill(teams.primary);
    await page.getByRole("button", { name: `Choose ${teams.primary}`, exact: true }).click();
    await page.getByRole("group", { name: "Primary team" }).getByText(teams.primary).waitFor();
    await page.getByLabel("Find another team to join").fill(teams.other);
    await page.getByRole("button", { name: `Add ${teams.other}`, exact: true }).click();
    await page
      .getByRole("list", { name: /^Also joins/ })
      .getByText(teams.other)
      .waitFor();
    await page.getByRole("button", { name: "Create invitation" }).click();
    const oldLink = await shownLink(`Invitation for ${invitee.email} is ready`);

    const row = page.getByRole("row").filter({ hasText: invitee.email });
    await row.getByText(`${teams.primary}, ${teams.other}`).waitFor();
    await row.getByRole("button", { name: `Regenerate link for ${invitee.email}` }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.getByText("The old link stops working at once").waitFor();
    await confirm.getByRole("button", { name: "Regenerate link" }).click();
    const newLink = await shownLink(`New link for ${invitee.email} is ready`);
    expect(newLink).not.toBe(oldLink);
    await screenshot(page, "invitations-regenerated");

    visitor = await context.browser()!.newContext({ viewport: { width: 1280, height: 860 }, baseURL: base });
    const newcomer = await visitor.newPage();
    newcomer.setDefaultTimeout(15_000);
    await newcomer.goto(oldLink);
    await newcomer.getByRole("heading", { name: "This invitation cannot be used" }).waitFor();
    await newcomer.getByText("This link no longer works").waitFor();

    await newcomer.goto(newLink);
    await newcomer.getByText(invitee.email).waitFor();
    await newcomer.getByText(`${teams.primary} and ${teams.other}`).waitFor();
    await newcomer.getByLabel("Display name").fill(invitee.name);
    await newcomer.getByLabel("Username").fill(invitee.username);
    await newcomer.getByLabel("Password").fill(invitee.password);
    await newcomer.getByRole("button", { name: "Accept invitation" }).click();
    await newcomer.getByRole("heading", { name: `You joined ${teams.primary} and ${teams.other}` }).waitFor();
    await screenshot(newcomer, "invitation-joined");

    // The member's guide, not the admin's set-up steps.
    await newcomer.getByRole("link", { name: "Continue" }).click();
    await newcomer.waitForURL("**/welcome");
    await newcomer.getByRole("heading", { name: "Your team" }).waitFor();
    const yourTeam = newcomer.getByRole("region", { name: "Your team" });
    await yourTeam.getByText(teams.primary, { exact: true }).waitFor();
    await newcomer.getByRole("heading", { name: "Your governance" }).waitFor();
    expect(await newcomer.getByRole("link", { name: "Open the MCP setup" }).getAttribute("href")).toBe(
      "/settings?tab=connected-apps",
    );
    expect(await newcomer.getByRole("heading", { name: "Build your teams" }).count()).toBe(0);
    expect(await newcomer.getByRole("heading", { name: "Invite people" }).count()).toBe(0);
    await screenshot(newcomer, "welcome-member");

    await page.getByLabel("Filter invitations by status").selectOption("accepted");
    await page.getByRole("row").filter({ hasText: invitee.email }).getByText("accepted", { exact: true }).waitFor();
  });

  test("keeps a revoked invitation, shown under the revoked filter", async () => {
    const me = await (await call("GET", "/api/v1/auth/me")).json();
    const created = await call("POST", "/api/v1/auth/invitations", { email: revokedEmail, team_ids: [me.team_id] });
    expect(created.status()).toBe(201);

    // Pending is the list's default.
    await page.goto("/settings?tab=invitations");
    const row = page.getByRole("row").filter({ hasText: revokedEmail });
    await row.getByRole("button", { name: `Revoke invitation for ${revokedEmail}` }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Revoke invitation" }).click();
    await page.getByText(`The invitation for ${revokedEmail} is revoked.`).waitFor();
    await expect.poll(() => row.count()).toBe(0);

    await page.getByLabel("Filter invitations by status").selectOption("revoked");
    await page.getByRole("row").filter({ hasText: revokedEmail }).getByText("revoked", { exact: true }).waitFor();
    await screenshot(page, "invitations-revoked");

    // Inviting the same email again works once the earlier invitation is revoked.
    const again = await call("POST", "/api/v1/auth/invitations", { email: revokedEmail, team_ids: [me.team_id] });
    expect(again.status()).toBe(201);
    const twice = await call("POST", "/api/v1/auth/invitations", { email: revokedEmail, team_ids: [me.team_id] });
    expect(twice.status()).toBe(409);
    expect((await twice.json()).invitation_id).toBe((await again.json()).id);
  });
});
