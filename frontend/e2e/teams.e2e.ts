import { type BrowserContext, expect, type Locator, type Page, test } from "@playwright/test";
import { admin, organization, signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

/** Presses on `from`, moves across the chart in small steps, and lets go over `to`. */
async function dragOnto(page: Page, from: Locator, to: Locator): Promise<void> {
  const start = (await from.boundingBox())!;
  const end = (await to.boundingBox())!;
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(start.x + start.width / 2 + 8, start.y + start.height / 2 + 8, { steps: 4 });
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 16 });
  await page.mouse.up();
}

// Each test goes on from where the one before it left off.
test.describe.configure({ mode: "serial" });

test.describe("the Teams page", () => {
  const base = frontendUrl;
  let context: BrowserContext;
  let page: Page;
  const node = (name: string) => page.locator(".react-flow__node").filter({ hasText: name });
  const panel = () => page.getByRole("main");

  test.beforeAll(async ({ browser }) => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);
  });
  test.afterAll(async ({ browser }) => {
    await closeContexts(browser);
  });

  test("is in the menu, and shows the organisation's root team selected", async () => {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teams" }).click();
    await page.waitForURL((url) => url.pathname === "/teams");
    await page.getByRole("heading", { name: "Teams", level: 1 }).waitFor();
    await node(organization.name).waitFor();
    await page.getByRole("heading", { name: organization.name, level: 2 }).waitFor();
    expect(await node(organization.name).textContent()).toContain(admin.name);
  });

  test("builds a three-level tree with sub-teams", async () => {
    const addSubTeam = async (name: string) => {
      await page.getByRole("button", { name: "Add sub-team" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByLabel("Team name").fill(name);
      await dialog.getByRole("button", { name: "Create team" }).click();
      await page.getByText(`${name} is created.`).waitFor();
      await page.getByRole("heading", { name, level: 2 }).waitFor();
    };
    await addSubTeam("Product Engineering");
    await addSubTeam("Developer Platform");
    await node(organization.name).click();
    await page.getByRole("heading", { name: organization.name, level: 2 }).waitFor();
    await addSubTeam("Design Studio");

    for (const name of ["Product Engineering", "Developer Platform", "Design Studio"]) await node(name).waitFor();
    // Three levels: each row lower than the one above.
    const y = async (name: string) => (await node(name).boundingBox())!.y;
    expect(await y("Product Engineering")).toBeGreaterThan(await y(organization.name));
    expect(await y("Developer Platform")).toBeGreaterThan(await y("Product Engineering"));
    await screenshot(page, "teams-tree");
  });

  test("moves a team by dragging it onto another", async () => {
    await dragOnto(page, node("Developer Platform"), node("Design Studio"));
    const confirm = page.getByRole("alertdialog");
    await confirm.getByRole("heading", { name: "Move Developer Platform under Design Studio?" }).waitFor();
    await confirm.getByText("No inherited policy or objective changes").waitFor();
    await confirm.getByRole("button", { name: "Move" }).click();
    await page.getByText("Developer Platform is now under Design Studio.").waitFor();
    await page.getByRole("heading", { name: "Developer Platform", level: 2 }).waitFor();
    await panel().getByRole("definition").filter({ hasText: "Design Studio" }).waitFor();
    await screenshot(page, "teams-moved");
  });

  test("refuses to move a team under its own sub-team, says why, and puts it back", async () => {
    // Measured within the chart: the error message above it moves the whole chart down.
    const chart = page.locator(".react-flow");
    const place = async () => {
      const [box, frame] = [(await node("Design Studio").boundingBox())!, (await chart.boundingBox())!];
      return { x: box.x - frame.x, y: box.y - frame.y };
    };
    const before = await place();
    await dragOnto(page, node("Design Studio"), node("Developer Platform"));
    // The question before the move already knows the answer, and offers no Move.
    await page
      .getByRole("alertdialog")
      .getByRole("alert")
      .filter({ hasText: "Cannot move team 'Design Studio' under 'Developer Platform'" })
      .waitFor();
    await screenshot(page, "teams-cycle-refused");
    await page.keyboard.press("Escape");
    await expect
      .poll(async () => {
        const after = await place();
        return Math.abs(after.x - before.x) + Math.abs(after.y - before.y);
      })
      .toBeLessThan(2);
  });

  test("adds a policy to a team, and shows it as inherited on the team below", async () => {
    await node("Design Studio").click();
    await page.getByRole("heading", { name: "Design Studio", level: 2 }).waitFor();
    await page.getByRole("button", { name: "Add policy" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/^Name/).fill("Cite sources");
    await dialog.getByLabel("Enforcement").selectOption("append");
    await dialog.getByLabel("Policy text").fill("Name the documents every answer relies on.");
    await dialog.getByRole("button", { name: "Add policy" }).click();
    await page.getByRole("list", { name: "Policies of Design Studio" }).getByText("Cite sources").waitFor();

    await node("Developer Platform").click();
    await page.getByRole("heading", { name: "Developer Platform", level: 2 }).waitFor();
    const inherited = page.getByRole("list", { name: "Policies Developer Platform inherits" });
    await inherited.getByText("Cite sources").waitFor();
    expect(await inherited.textContent()).toContain("from Design Studio");
    expect(await page.getByRole("button", { name: "Edit policy Cite sources" }).count()).toBe(0);
    await screenshot(page, "teams-inherited-policy");
  });

  test("inserts a team between a team and its parent, with the keyboard's Move to… as well", async () => {
    await page.getByRole("button", { name: "Insert team above" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Team name").fill("Tooling Guild");
    await dialog.getByRole("button", { name: "Insert team" }).click();
    await page.getByText("Tooling Guild is inserted above Developer Platform.").waitFor();
    await panel().getByRole("definition").filter({ hasText: "Design Studio" }).waitFor();

    await node("Developer Platform").click();
    await page.getByRole("heading", { name: "Developer Platform", level: 2 }).waitFor();
    await panel().getByRole("definition").filter({ hasText: "Tooling Guild" }).waitFor();
    // The new parent is found by name: the chart shows only the teams opened so far.
    await page.getByLabel("Move to…").fill("Product Engineering");
    await page.getByRole("button", { name: "Move under Product Engineering", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Move", exact: true }).click();
    await page.getByText("Developer Platform is now under Product Engineering.").waitFor();
  });

  test("creates an invitation link into the selected team", async () => {
    await page.getByRole("button", { name: "Invite into this team" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill("margaret.teams@example.com");
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    const link = await dialog.getByLabel("Invitation link", { exact: true }).inputValue();
    expect(link.startsWith(`${base}/invite/`)).toBe(true);
    await screenshot(page, "teams-invitation");
    await dialog.getByRole("button", { name: "Done" }).click();
  });

  test("refuses to delete a team that still has a sub-team, and deletes an empty one after confirming", async () => {
    await node("Product Engineering").click();
    await page.getByRole("heading", { name: "Product Engineering", level: 2 }).waitFor();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete team" }).click();
    await page.getByRole("alert").filter({ hasText: "still has 1 sub-team" }).waitFor();
    await screenshot(page, "teams-delete-refused");

    await node("Tooling Guild").click();
    await page.getByRole("heading", { name: "Tooling Guild", level: 2 }).waitFor();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("alertdialog").waitFor();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete team" }).click();
    await page.getByText("Tooling Guild is deleted.").waitFor();
    await page.getByRole("heading", { name: "Design Studio", level: 2 }).waitFor();
    await expect.poll(() => node("Tooling Guild").count()).toBe(0);
    await screenshot(page, "teams-after-delete");
  });
  test("shows a member without manage rights everything, read-only", async () => {
    const teams = await (await page.request.get("/api/v1/teams?flat=true")).json();
    const studio = teams.items.find((team: { name: string }) => team.name === "Design Studio");
    const created = await page.request.post("/api/v1/users", {
      data: { username: "mira-teams", password: "a long enough secret", display_name: "Mira", team_id: studio.id },
      headers: { origin: base },
    });
    expect(created.status(), await created.text()).toBe(201);

    const visitor = await context.browser()!.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    const member = await visitor.newPage();
    const login = await member.request.post("/api/v1/auth/login", {
      data: { username: "mira-teams", password: "a long enough secret" },
      headers: { origin: base },
    });
    expect(login.ok()).toBe(true);
    await member.goto("/teams");
    await member.getByRole("heading", { name: "Design Studio", level: 2 }).waitFor();
    await member.getByRole("list", { name: "Policies of Design Studio" }).getByText("Cite sources").waitFor();
    await member.getByRole("main").getByText("Mira", { exact: true }).waitFor();
    for (const name of ["Add sub-team", "Delete", "Add policy", "Invite into this team", "Rename Design Studio"]) {
      expect(await member.getByRole("button", { name }).count(), name).toBe(0);
    }
    expect(await member.getByLabel("Move to…").count()).toBe(0);
    await screenshot(member, "teams-read-only");
    await visitor.close();
  });
});
