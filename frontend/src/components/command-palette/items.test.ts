import { describe, expect, it } from "vitest";
import {
  actionItems,
  flattenResults,
  groupResults,
  matchScore,
  moveActive,
  type PaletteItem,
  pageItems,
  projectItems,
  promptItems,
  teamItems,
  workflowItems,
} from "./items";

const member = { isAdmin: false, isGovernor: false };
const admin = { isAdmin: true, isGovernor: true };

const labels = (items: readonly PaletteItem[]) => items.map((item) => item.label);

describe("pages and actions", () => {
  it("offers members the menu's pages and their own settings tabs, not the admins'", () => {
    const pages = pageItems(member);
    expect(labels(pages)).toContain("Prompts");
    expect(labels(pages)).toContain("API keys");
    expect(labels(pages)).not.toContain("Audit");
    expect(labels(pages)).not.toContain("Users");
    expect(labels(pages)).not.toContain("Webhooks");
  });

  it("offers admins the audit log and every settings tab, each linking to its tab", () => {
    const pages = pageItems(admin);
    expect(pages.find((page) => page.label === "Audit")?.href).toBe("/audit");
    expect(pages.find((page) => page.label === "Invitations")?.href).toBe("/settings?tab=invitations");
    expect(pages.find((page) => page.label === "Profile")?.href).toBe("/settings");
  });

  it("lets only admins invite people; everyone can create prompts, workflows and keys and toggle the theme", () => {
    expect(labels(actionItems(member))).toEqual([
      "New prompt",
      "New workflow",
      "New project",
      "Create API key",
      "Toggle theme",
    ]);
    expect(labels(actionItems(admin))).toContain("Invite people");
    expect(actionItems(member).find((item) => item.label === "Toggle theme")?.command).toBe("toggle-theme");
    expect(actionItems(member).find((item) => item.label === "Create API key")?.href).toBe(
      "/settings?tab=api-keys&new=1",
    );
  });

  it("gives every item an id unique across groups", () => {
    const all = [
      ...pageItems(admin),
      ...actionItems(admin),
      ...promptItems([{ name: "prompts" }]),
      ...teamItems([{ id: "t1", name: "Prompts", slug: "prompts" }]),
    ];
    expect(new Set(all.map((item) => item.id)).size).toBe(all.length);
  });
});

describe("matchScore", () => {
  const item = (label: string, extra: Partial<PaletteItem> = {}): PaletteItem =>
    ({ id: `pages:${label}`, group: "pages", label, href: "/", ...extra }) as PaletteItem;

  it("ranks an exact label over its start, a word's start, anywhere in it, and other fields", () => {
    expect(matchScore(item("code-review"), "Code-Review ")).toBe(0);
    expect(matchScore(item("code-review"), "code")).toBe(1);
    expect(matchScore(item("code-review"), "rev")).toBe(2);
    expect(matchScore(item("New prompt"), "prompt")).toBe(2);
    expect(matchScore(item("code-review"), "ode")).toBe(3);
    expect(matchScore(item("API keys", { keywords: ["token"] }), "token")).toBe(4);
    expect(matchScore(item("API keys", { detail: "Settings" }), "settings keys")).toBe(4);
  });

  it("refuses what matches nowhere, unless the API found it", () => {
    expect(matchScore(item("Teams"), "zebra")).toBeNull();
    expect(matchScore(item("review", { matchedByServer: true }), "zebra")).toBe(4);
  });
});

describe("groupResults", () => {
  const all = [
    ...promptItems([
      { name: "settings-audit", description: "Checks settings" },
      { name: "code-review", description: null, tags: ["python"] },
    ]),
    ...workflowItems([{ id: "w1", name: "Release notes", description: "From commits to notes" }]),
    ...projectItems([{ id: "p1", name: "Checkout", slug: "checkout", description: null }]),
    ...teamItems([{ id: "t1", name: "Platform", slug: "platform" }]),
    ...pageItems(admin),
    ...actionItems(admin),
  ];

  it("with nothing typed, offers the menu's pages then the actions, and none of the found items", () => {
    const groups = groupResults(all, "");
    expect(groups.map((group) => group.label)).toEqual(["Pages", "Actions"]);
    expect(labels(groups[0]?.items ?? [])).toEqual([
      "Dashboard",
      "Prompts",
      "Workflows",
      "Projects",
      "Reviews",
      "Teams",
      "Metrics",
      "Audit",
      "Settings",
    ]);
  });

  it("puts the group with the best match first: a page typed exactly beats prompts that mention it", () => {
    const groups = groupResults(all, "settings");
    expect(groups[0]?.label).toBe("Pages");
    expect(groups[0]?.items[0]?.label).toBe("Settings");
    expect(groups[1]?.label).toBe("Prompts");
    expect(flattenResults(groups)[0]?.href).toBe("/settings");
  });

  it("puts an exactly typed prompt first, and an exactly typed action first", () => {
    expect(flattenResults(groupResults(all, "code-review"))[0]?.href).toBe("/prompts/code-review");
    expect(flattenResults(groupResults(all, "new prompt"))[0]?.href).toBe("/prompts/new");
  });

  it("finds workflows, projects and teams by their words and slugs", () => {
    expect(flattenResults(groupResults(all, "notes")).map((item) => item.href)).toContain("/workflows/w1");
    expect(flattenResults(groupResults(all, "checkout"))[0]?.href).toBe("/projects/p1");
    expect(flattenResults(groupResults(all, "plat"))[0]?.href).toBe("/teams?team=t1");
  });

  it("shows a few items per group", () => {
    const many = promptItems(Array.from({ length: 12 }, (_, index) => ({ name: `prompt-${index}` })));
    const groups = groupResults(many, "prompt", 5);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.items).toHaveLength(5);
  });
});

describe("moveActive", () => {
  const items = promptItems([{ name: "a" }, { name: "b" }, { name: "c" }]);

  it("walks forwards and backwards, wrapping at both ends", () => {
    expect(moveActive(items, "prompts:a", 1)).toBe("prompts:b");
    expect(moveActive(items, "prompts:c", 1)).toBe("prompts:a");
    expect(moveActive(items, "prompts:a", -1)).toBe("prompts:c");
  });

  it("starts at the first or the last when nothing is active, and stays empty without items", () => {
    expect(moveActive(items, null, 1)).toBe("prompts:a");
    expect(moveActive(items, "gone", -1)).toBe("prompts:c");
    expect(moveActive([], null, 1)).toBeNull();
  });
});
