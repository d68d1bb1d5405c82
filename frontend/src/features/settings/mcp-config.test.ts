import { describe, expect, it } from "vitest";
import {
  claudeCodeCommand,
  cursorConfig,
  invitationLink,
  mcpSnippets,
  mcpUrl,
  projectExamples,
  vscodeConfig,
  windsurfConfig,
} from "./mcp-config";

const origin = "https://spechub.example.com";
const key = "pcp_abc123";

describe("MCP client snippets", () => {
  it("point at this site's /mcp, with or without a trailing slash on the origin", () => {
    expect(mcpUrl(origin)).toBe("https://spechub.example.com/mcp");
    expect(mcpUrl(`${origin}/`)).toBe("https://spechub.example.com/mcp");
    expect(mcpUrl("http://localhost:3000")).toBe("http://localhost:3000/mcp");
  });

  describe("signing in through the browser (no key)", () => {
    it("gives Claude Code a command that adds an HTTP server and nothing else", () => {
      expect(claudeCodeCommand(origin)).toBe("claude mcp add --transport http spechub https://spechub.example.com/mcp");
    });

    it("gives VS Code, Cursor and Windsurf an entry with the address and no headers", () => {
      expect(JSON.parse(vscodeConfig(origin))).toEqual({
        servers: { spechub: { type: "http", url: "https://spechub.example.com/mcp" } },
      });
      expect(JSON.parse(cursorConfig(origin))).toEqual({
        mcpServers: { spechub: { url: "https://spechub.example.com/mcp" } },
      });
      expect(JSON.parse(windsurfConfig(origin))).toEqual({
        mcpServers: { spechub: { serverUrl: "https://spechub.example.com/mcp" } },
      });
    });

    it("is what the snippets are without a key: no Authorization anywhere", () => {
      const snippets = mcpSnippets(origin);
      expect(snippets.map((snippet) => snippet.client)).toEqual(["claude-code", "vscode", "cursor", "windsurf"]);
      for (const snippet of snippets) {
        expect(snippet.text).toContain("https://spechub.example.com/mcp");
        expect(snippet.text).not.toMatch(/authorization|bearer/i);
      }
    });
  });

  describe("with an API key", () => {
    it("gives Claude Code a command that adds an HTTP server with the key as a bearer header", () => {
      expect(claudeCodeCommand(origin, key)).toBe(
        'claude mcp add --transport http spechub https://spechub.example.com/mcp --header "Authorization: Bearer pcp_abc123"',
      );
    });

    it("gives VS Code a `servers` entry typed http", () => {
      expect(JSON.parse(vscodeConfig(origin, key))).toEqual({
        servers: {
          spechub: {
            type: "http",
            url: "https://spechub.example.com/mcp",
            headers: { Authorization: "Bearer pcp_abc123" },
          },
        },
      });
    });

    it("gives Cursor an `mcpServers` entry with url", () => {
      expect(JSON.parse(cursorConfig(origin, key))).toEqual({
        mcpServers: {
          spechub: { url: "https://spechub.example.com/mcp", headers: { Authorization: "Bearer pcp_abc123" } },
        },
      });
    });

    it("gives Windsurf an `mcpServers` entry with serverUrl", () => {
      expect(JSON.parse(windsurfConfig(origin, key))).toEqual({
        mcpServers: {
          spechub: { serverUrl: "https://spechub.example.com/mcp", headers: { Authorization: "Bearer pcp_abc123" } },
        },
      });
    });
  });

  it("lists the four clients with where each snippet goes", () => {
    for (const snippets of [mcpSnippets(origin), mcpSnippets(origin, key)]) {
      expect(snippets.map((snippet) => [snippet.label, snippet.target])).toEqual([
        ["Claude Code", "Run in a terminal"],
        ["VS Code", ".vscode/mcp.json"],
        ["Cursor", "~/.cursor/mcp.json"],
        ["Windsurf", "~/.codeium/windsurf/mcp_config.json"],
      ]);
      // The JSON ones are complete files, ready to paste.
      for (const snippet of snippets.filter((s) => s.language === "json"))
        expect(() => JSON.parse(snippet.text)).not.toThrow();
    }
    for (const snippet of mcpSnippets(origin, key)) expect(snippet.text).toContain("Bearer pcp_abc123");
  });
});

describe("invitationLink", () => {
  it("opens this site's invitation page for the token", () => {
    expect(invitationLink("http://localhost:3000/", "tok_1-2")).toBe("http://localhost:3000/invite/tok_1-2");
    expect(invitationLink(origin, "a/b")).toBe("https://spechub.example.com/invite/a%2Fb");
  });
});

describe("projectExamples", () => {
  const projectId = "0b6f3c1e-2a4d-4f7e-9c1b-5d8e7f6a9b0c";

  it("passes the project's id as sh-run's `project` argument, beside the prompt's name", () => {
    const [mcp] = projectExamples(origin, "code-review", projectId, key);
    expect(mcp?.label).toBe("MCP");
    expect(mcp?.text).toBe(`sh-run { "name": "code-review", "project": "${projectId}" }`);
  });

  it("gives a CLI command signed in with the key, or relying on spechub login without one", () => {
    expect(projectExamples(`${origin}/`, "code-review", projectId, key)[1]?.text).toBe(
      `SPECHUB_URL=https://spechub.example.com SPECHUB_API_KEY=pcp_abc123 spechub expand code-review --project ${projectId}`,
    );
    expect(projectExamples(origin, "code-review", projectId)[1]?.text).toBe(
      `spechub expand code-review --project ${projectId}`,
    );
  });
});
