import { describe, expect, it } from "vitest";
import {
  ancestors,
  canManageTeam,
  findDropTarget,
  layoutTree,
  NODE_HEIGHT,
  NODE_WIDTH,
  organizationRootId,
  type TreeTeam,
} from "./tree";

const team = (id: string, parent: string | null, owner: string | null = null): TreeTeam => ({
  id,
  name: id,
  parent_team_id: parent,
  owner_id: owner,
});

// org ─┬─ a ─┬─ a1
//      │     └─ a2
//      └─ b
const tree = [team("org", null), team("b", "org"), team("a", "org"), team("a2", "a"), team("a1", "a")];

describe("layoutTree", () => {
  const { positions, width, height } = layoutTree(tree);
  const at = (id: string) => positions.get(id)!;

  it("puts each level one row lower", () => {
    expect(at("org").y).toBe(0);
    expect(at("a").y).toBe(at("b").y);
    expect(at("a").y).toBeGreaterThanOrEqual(NODE_HEIGHT);
    expect(at("a1").y).toBeGreaterThan(at("a").y);
    expect(height).toBe(at("a1").y + NODE_HEIGHT);
  });

  it("orders siblings by name and centres a parent over its children", () => {
    expect(at("a").x).toBeLessThan(at("b").x);
    expect(at("a1").x).toBeLessThan(at("a2").x);
    const centre = (id: string) => at(id).x + NODE_WIDTH / 2;
    expect(centre("a")).toBeCloseTo((centre("a1") + centre("a2")) / 2);
  });

  it("never overlaps boxes on the same row", () => {
    const rows = new Map<number, number[]>();
    for (const { x, y } of positions.values()) rows.set(y, [...(rows.get(y) ?? []), x]);
    for (const xs of rows.values()) {
      xs.sort((p, q) => p - q);
      for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(NODE_WIDTH);
    }
    expect(Math.max(...[...positions.values()].map((p) => p.x + NODE_WIDTH))).toBeLessThanOrEqual(width);
  });

  it("places every team, including ones whose parent is unknown or that sit in a loop", () => {
    const odd = [team("x", "missing"), team("p", "q"), team("q", "p"), team("solo", null)];
    const layout = layoutTree(odd);
    expect([...layout.positions.keys()].sort()).toEqual(["p", "q", "solo", "x"]);
    expect(layout.positions.get("x")!.y).toBe(0);
  });

  it("is empty for no teams", () => {
    expect(layoutTree([])).toEqual({ positions: new Map(), width: 0, height: 0 });
  });
});

describe("ancestors", () => {
  it("lists parents nearest first", () => {
    expect(ancestors(tree, "a2").map((t) => t.id)).toEqual(["a", "org"]);
    expect(ancestors(tree, "org")).toEqual([]);
  });
});

describe("canManageTeam", () => {
  const owned = [team("org", null), team("eng", "org", "olga"), team("web", "eng")];
  const member = { id: "olga", role: "member" };

  it("lets admins manage everything, the top level included", () => {
    expect(canManageTeam({ id: "x", role: "admin" }, owned, "web")).toBe(true);
    expect(canManageTeam({ id: "x", role: "admin" }, owned, null)).toBe(true);
  });

  it("lets an owner manage their team and the teams below it, not above", () => {
    expect(canManageTeam(member, owned, "eng")).toBe(true);
    expect(canManageTeam(member, owned, "web")).toBe(true);
    expect(canManageTeam(member, owned, "org")).toBe(false);
    expect(canManageTeam(member, owned, null)).toBe(false);
    expect(canManageTeam({ id: "someone", role: "member" }, owned, "web")).toBe(false);
  });
});

describe("findDropTarget", () => {
  const positions = new Map([
    ["a", { x: 0, y: 0 }],
    ["b", { x: 300, y: 0 }],
  ]);

  it("finds the box under the point, not the dragged team's own", () => {
    expect(findDropTarget({ x: 310, y: 10 }, positions, "a")).toBe("b");
    expect(findDropTarget({ x: 10, y: 10 }, positions, "a")).toBeNull();
    expect(findDropTarget({ x: 250, y: 10 }, positions, "a")).toBeNull();
  });
});

describe("organizationRootId", () => {
  const at = (id: string, parent: string | null, created: string) => ({
    id,
    name: id,
    parent_team_id: parent,
    owner_id: null,
    created_at: created,
  });

  it("is the oldest top-level team, whatever the order of the list", () => {
    const teams = [
      at("later-top", null, "2026-02-01T00:00:00.000Z"),
      at("child", "org", "2025-12-01T00:00:00.000Z"),
      at("org", null, "2026-01-01T00:00:00.000Z"),
    ];
    expect(organizationRootId(teams)).toBe("org");
  });

  it("is null when no team is visible at the top", () => {
    expect(organizationRootId([at("child", "hidden-parent", "2026-01-01T00:00:00.000Z")])).toBeNull();
    expect(organizationRootId([])).toBeNull();
  });
});
