import { describe, expect, it } from "vitest";
import { slugify } from "./slug";

describe("slugify", () => {
  it.each([
    ["Acme Robotics, Inc.", "acme-robotics-inc"],
    ["Mobile App (v2)", "mobile-app-v2"],
    ["Platform & Tools", "platform-tools"],
    ["R&D 2", "r-d-2"],
    ["  Zürich Café ", "zurich-cafe"],
    ["  Café  Déjà Vu ", "cafe-deja-vu"],
    ["  Équipe Données ", "equipe-donnees"],
    ["---", ""],
    ["!!!", ""],
    ["a".repeat(120), "a".repeat(100)],
    [`${"a".repeat(99)} b`, "a".repeat(99)],
  ])("%j → %j", (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});
