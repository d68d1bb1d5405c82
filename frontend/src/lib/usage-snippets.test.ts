import { describe, expect, it } from "vitest";
import { cliExpandCommand, mcpToolCall, shellWord, shRunCall, shWorkflowRunCall } from "./usage-snippets";

const projectId = "0b6f3c1e-2a4d-4f7e-9c1b-5d8e7f6a9b0c";

describe("shellWord", () => {
  it("leaves names, slugs and ids as they are", () => {
    expect(shellWord("code-review")).toBe("code-review");
    expect(shellWord(projectId)).toBe(projectId);
  });

  it("quotes what a shell would split or expand, including quotes inside", () => {
    expect(shellWord("Release notes")).toBe("'Release notes'");
    expect(shellWord("$HOME")).toBe("'$HOME'");
    expect(shellWord("it's")).toBe("'it'\\''s'");
  });
});

describe("CLI commands", () => {
  it("expands a prompt, under a project when one is given", () => {
    expect(cliExpandCommand("code-review")).toBe("spechub expand code-review");
    expect(cliExpandCommand("code-review", projectId)).toBe(`spechub expand code-review --project ${projectId}`);
    expect(cliExpandCommand("code-review", "My project")).toBe("spechub expand code-review --project 'My project'");
  });
});

describe("MCP tool calls", () => {
  it("name the prompt and pass the project's id as `project`, the argument sh-run takes", () => {
    expect(shRunCall("code-review", projectId)).toBe(`sh-run { "name": "code-review", "project": "${projectId}" }`);
    expect(JSON.parse(shRunCall("code-review", projectId).slice("sh-run ".length))).toEqual({
      name: "code-review",
      project: projectId,
    });
  });

  it("leave out arguments that are not given", () => {
    expect(shRunCall("code-review")).toBe('sh-run { "name": "code-review" }');
    expect(shWorkflowRunCall("Release notes", null)).toBe('sh-workflow-run { "name": "Release notes" }');
    expect(mcpToolCall("sh-list", {})).toBe("sh-list {}");
  });
});
