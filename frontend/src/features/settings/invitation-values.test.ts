import { describe, expect, it } from "vitest";
import { invitationTeamIds, teamNames, toInvitationFilter } from "./form-values";

describe("invitation form values", () => {
  it("puts the primary team first and each team once", () => {
    expect(invitationTeamIds("a", ["b", "c"])).toEqual(["a", "b", "c"]);
    expect(invitationTeamIds("b", ["a", "b", "c"])).toEqual(["b", "a", "c"]);
    expect(invitationTeamIds("a", [])).toEqual(["a"]);
  });

  it("names teams in order, with a dash for one it does not know", () => {
    const teams = [
      { id: "a", name: "Platform" },
      { id: "b", name: "Web" },
    ];
    expect(teamNames(["b", "a", "x"], teams)).toEqual(["Web", "Platform", "—"]);
    expect(teamNames(["a"], undefined)).toEqual(["—"]);
  });

  it("reads the list filter from the URL, pending by default", () => {
    expect(toInvitationFilter(undefined)).toBe("pending");
    expect(toInvitationFilter("")).toBe("pending");
    expect(toInvitationFilter("bogus")).toBe("pending");
    expect(toInvitationFilter("revoked")).toBe("revoked");
    expect(toInvitationFilter("all")).toBe("all");
  });
});
