import { describe, expect, it } from "vitest";
import { webhookFormSchema } from "./schemas";

const valid = {
  url: "https://hooks.example.com/spechub",
  description: "",
  team_id: "",
  events: ["prompt.version_created"],
  active: true,
};

function problems(requireTeam: boolean, values: Record<string, unknown>) {
  const result = webhookFormSchema(requireTeam).safeParse(values);
  const found: Record<string, string> = {};
  for (const issue of result.success ? [] : result.error.issues) found[String(issue.path[0])] ??= issue.message;
  return found;
}

describe("webhookFormSchema", () => {
  it("accepts an https address with an event, for the whole organization", () => {
    expect(problems(false, valid)).toEqual({});
    // http is the organization's call: the backend refuses it unless private addresses are allowed.
    expect(problems(false, { ...valid, url: "http://127.0.0.1:9000/hook" })).toEqual({});
  });

  it("names what is wrong with the address", () => {
    expect(problems(false, { ...valid, url: " " }).url).toMatch(/^Enter the address/);
    expect(problems(false, { ...valid, url: "hooks.example.com" }).url).toBe(
      "Enter a full address, starting with https://",
    );
    expect(problems(false, { ...valid, url: "ftp://hooks.example.com" }).url).toBe(
      "The address must start with https://",
    );
  });

  it("asks for at least one event, and never the test event", () => {
    expect(problems(false, { ...valid, events: [] }).events).toBe("Choose at least one event");
    expect(problems(false, { ...valid, events: ["ping"] }).events).toBeDefined();
  });

  it("asks team owners for a team, but lets admins choose the whole organization", () => {
    expect(problems(true, valid).team_id).toBe("Choose one of the teams you manage");
    expect(problems(true, { ...valid, team_id: "a-team" })).toEqual({});
  });

  it("limits the description to 200 characters", () => {
    expect(problems(false, { ...valid, description: "x".repeat(201) }).description).toBe("At most 200 characters");
  });
});
