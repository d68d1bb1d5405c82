import { expect, type Locator, type Page, test } from "@playwright/test";
import { signInAsAdmin } from "./support/admin";
import { closeContexts, screenshot } from "./support/chromium";
import { frontendUrl } from "./support/servers";

// Teams, policies and a user only this file creates, so other files' trees are not disturbed.
const names = {
  from: "Operations Hub",
  to: "Engineering Core",
  moved: "Platform Crew",
  gained: "Security baseline",
  lost: "On-call etiquette",
  person: "Ana Impact",
};

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

test.describe("sweeping changes are confirmed and can be undone", () => {
  const base = frontendUrl;
  let page: Page;
  const ids = { root: "", from: "", to: "", moved: "", person: "" };

  /** An API call with the admin's browser session; unsafe methods carry the Origin the backend checks. */
  const call = async (method: "GET" | "POST" | "PUT", path: string, data?: unknown) => {
    const response = await page.request.fetch(path, { method, data, headers: { origin: base } });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return response.json();
  };
  const node = (name: string) => page.locator(".react-flow__node").filter({ hasText: name });
  const dialog = () => page.getByRole("alertdialog");
  const toast = (text: string) => page.locator("[data-sonner-toast]").filter({ hasText: text });
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? null);

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);

    await signInAsAdmin(page.request, base);

    ids.root = (await call("GET", "/api/v1/auth/me")).team_id;
    const team = async (name: string, parent: string) =>
      (
        await call("POST", "/api/v1/teams", {
          name,
          slug: name.toLowerCase().replace(/ /g, "-"),
          parent_team_id: parent,
        })
      ).id as string;
    ids.from = await team(names.from, ids.root);
    ids.to = await team(names.to, ids.root);
    ids.moved = await team(names.moved, ids.from);
    const policy = (teamId: string, name: string) =>
      call("POST", "/api/v1/policies", { team_id: teamId, name, enforcement_type: "append", content: `${name}.` });
    await policy(ids.to, names.gained);
    await policy(ids.from, names.lost);
    for (const username of ["crew-one", "crew-two"]) {
      await call("POST", "/api/v1/users", { username, password: "crew password 1", team_id: ids.moved });
    }
    const person = await call("POST", "/api/v1/users", {
      username: "ana-impact",
      display_name: names.person,
      password: "ana password 1",
      team_id: ids.from,
    });
    ids.person = person.id;
  });
  test.afterAll(async ({ browser }) => {
    await closeContexts(browser);
  });

  test("asks before a dragged team moves, saying which policies its members gain and lose", async () => {
    await page.goto(`/teams?team=${ids.moved}`);
    await page.getByRole("heading", { name: names.moved, level: 2 }).waitFor();
    await node(names.to).waitFor();

    await dragOnto(page, node(names.moved), node(names.to));
    await dialog()
      .getByRole("heading", { name: `Move ${names.moved} under ${names.to}?` })
      .waitFor();
    const summary = `2 members in 1 team will get 1 new policy (${names.gained}) and lose 1 (${names.lost}).`;
    await dialog().getByText(summary).waitFor();
    // The primary action has focus, so Enter moves and Esc cancels.
    await expect.poll(focusedText).toBe("Move");
    await screenshot(page, "confirm-team-move");

    await page.keyboard.press("Escape");
    await expect.poll(() => dialog().count()).toBe(0);
    expect((await call("GET", `/api/v1/teams/${ids.moved}`)).parent_team_id).toBe(ids.from);
  });

  test("moves the team once confirmed, and Undo puts it back under its old parent", async () => {
    await dragOnto(page, node(names.moved), node(names.to));
    await dialog().getByText(`will get 1 new policy (${names.gained})`).waitFor();
    await expect.poll(focusedText).toBe("Move");
    await page.keyboard.press("Enter");

    const moved = toast(`${names.moved} is now under ${names.to}.`);
    await moved.waitFor();
    expect((await call("GET", `/api/v1/teams/${ids.moved}`)).parent_team_id).toBe(ids.to);
    await screenshot(page, "confirm-team-moved-undo");

    await moved.getByRole("button", { name: "Undo" }).click();
    await toast(`${names.moved} is back under ${names.from}.`).waitFor();
    expect((await call("GET", `/api/v1/teams/${ids.moved}`)).parent_team_id).toBe(ids.from);
    await page.getByRole("main").getByRole("definition").filter({ hasText: names.from }).waitFor();
  });

  test("asks before making a user an admin, and Undo makes them a member again", async () => {
    await page.goto(`/settings?tab=users&q=ana-impact`);
    const row = page.getByRole("row").filter({ hasText: "@ana-impact" });
    await row.waitFor();

    await row.getByLabel(`Role of ${names.person}`).selectOption("admin");
    await dialog()
      .getByRole("heading", { name: `Make ${names.person} an admin?` })
      .waitFor();
    await dialog().getByText("Admins can change every team, prompt and setting.").waitFor();
    // Nothing changes while the question is open.
    expect((await call("GET", `/api/v1/users/${ids.person}`)).role).toBe("member");
    await screenshot(page, "confirm-role-change");
    await dialog().getByRole("button", { name: "Make admin" }).click();

    const promoted = toast(`${names.person} is now an admin.`);
    await promoted.waitFor();
    await expect.poll(() => row.getByLabel(`Role of ${names.person}`).inputValue()).toBe("admin");
    expect((await call("GET", `/api/v1/users/${ids.person}`)).role).toBe("admin");

    await promoted.getByRole("button", { name: "Undo" }).click();
    await toast(`${names.person} is a member again.`).waitFor();
    await expect.poll(() => row.getByLabel(`Role of ${names.person}`).inputValue()).toBe("member");
    expect((await call("GET", `/api/v1/users/${ids.person}`)).role).toBe("member");
  });

  test("asks before moving a user to another team, with what they gain and lose, and undoes it", async () => {
    const row = page.getByRole("row").filter({ hasText: "@ana-impact" });
    await row.getByRole("button", { name: `Move ${names.person} to another team` }).click();
    const find = page.getByRole("dialog", { name: `Move ${names.person} to another team` });
    await find.getByLabel(`Find a team for ${names.person}`).fill(names.to);
    await find.getByRole("button", { name: `Move to ${names.to}`, exact: true }).click();
    await dialog()
      .getByRole("heading", { name: `Move ${names.person} to ${names.to}?` })
      .waitFor();
    await dialog()
      .getByText(`${names.person} will get 1 new policy (${names.gained}) and lose 1 (${names.lost}).`)
      .waitFor();
    await screenshot(page, "confirm-user-team-change");
    await dialog().getByRole("button", { name: "Move" }).click();

    const moved = toast(`${names.person} moved to ${names.to}.`);
    await moved.waitFor();
    expect((await call("GET", `/api/v1/users/${ids.person}`)).team_id).toBe(ids.to);
    await moved.getByRole("button", { name: "Undo" }).click();
    await toast(`${names.person} is back in ${names.from}.`).waitFor();
    expect((await call("GET", `/api/v1/users/${ids.person}`)).team_id).toBe(ids.from);
  });
});
