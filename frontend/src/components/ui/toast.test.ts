import { afterEach, describe, expect, it, vi } from "vitest";

const shown: Array<[string, string, unknown]> = [];
const dismissed: unknown[] = [];
vi.mock("sonner", () => ({
  toast: {
    success: (message: string, options?: unknown) => shown.push(["success", message, options]),
    error: (message: string, options?: unknown) => shown.push(["error", message, options]),
    dismiss: (id: unknown) => dismissed.push(id),
  },
}));

const { toast } = await import("./toast");

afterEach(() => {
  shown.length = 0;
  dismissed.length = 0;
});

describe("toast", () => {
  it("hands each notice, with its options, to sonner once sonner has loaded", async () => {
    const action = { label: "Undo", onClick: () => {} };
    toast.success("prod points at version 2.", { id: "label-prod", action });
    toast.error("prod could not be put back");
    await vi.waitFor(() => expect(shown).toHaveLength(2));
    expect(shown).toEqual([
      ["success", "prod points at version 2.", { id: expect.stringMatching(/^label-prod#\d+$/), action }],
      ["error", "prod could not be put back", undefined],
    ]);
    expect(dismissed).toEqual([]);
  });

  it("replaces a notice shown under the same id: the earlier one goes, the new one gets an id of its own", async () => {
    toast.success("Developer Platform is now under Design Studio.", { id: "team-move-1" });
    toast.success("Developer Platform is now under Product Engineering.", { id: "team-move-1" });
    await vi.waitFor(() => expect(shown).toHaveLength(2));
    const [first, second] = shown.map(([, , options]) => (options as { id: string }).id);
    expect(first).not.toBe(second);
    expect(dismissed).toEqual([first]);
  });
});
