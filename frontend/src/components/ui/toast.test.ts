import { afterEach, describe, expect, it, vi } from "vitest";

const shown: Array<[string, string, unknown]> = [];
vi.mock("sonner", () => ({
  toast: {
    success: (message: string, options?: unknown) => shown.push(["success", message, options]),
    error: (message: string, options?: unknown) => shown.push(["error", message, options]),
  },
}));

const { toast } = await import("./toast");

afterEach(() => {
  shown.length = 0;
});

describe("toast", () => {
  it("hands each notice, with its options, to sonner once sonner has loaded", async () => {
    const action = { label: "Undo", onClick: () => {} };
    toast.success("prod points at version 2.", { id: "label-prod", action });
    toast.error("prod could not be put back");
    await vi.waitFor(() => expect(shown).toHaveLength(2));
    expect(shown).toEqual([
      ["success", "prod points at version 2.", { id: "label-prod", action }],
      ["error", "prod could not be put back", undefined],
    ]);
  });
});
