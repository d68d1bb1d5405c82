import { describe, expect, it } from "vitest";
import { appName, appSite, redirectTarget, resourceText, scopeText, sortScopes, webHost } from "./oauth-text";

describe("scopes in plain words", () => {
  it("says what read and expand let an app do", () => {
    expect(scopeText("read").label).toBe("See and search prompts and workflows");
    expect(scopeText("expand").label).toBe("Run prompts and workflows with your governance");
  });

  it("shows a scope it does not know under its own name rather than hiding it", () => {
    expect(scopeText("admin").label).toBe("admin");
    expect(scopeText("admin").description).toMatch(/does not describe/);
  });

  it("orders read before expand, then anything else", () => {
    expect(sortScopes(["expand", "zeta", "read"])).toEqual(["read", "expand", "zeta"]);
  });

  it("says plainly that write lets the app change things", () => {
    expect(scopeText("write").label).toBe("Change prompts and settings as you");
    expect(sortScopes(["write", "read", "expand"])).toEqual(["read", "expand", "write"]);
  });

  it("names the command line for the REST API resource and the IDE for /mcp", () => {
    expect(resourceText("https://spechub.example/api").label).toBe("The command line and REST API");
    expect(resourceText("https://spechub.example/mcp").label).toBe("The MCP endpoint");
    expect(resourceText("https://x.example/other").label).toBe("https://x.example/other");
  });
});

describe("an app's site", () => {
  it("is the host of the address the app published its details at, fetched by SpecHub", () => {
    expect(
      appSite({ id: "https://tools.example.com/ide.json", uri: "https://other.example", kind: "metadata_document" }),
    ).toEqual({ host: "tools.example.com", verified: true });
  });

  it("is the host the app claims when it registered itself", () => {
    expect(appSite({ id: "c_123", uri: "https://cursor.com/download", kind: "dynamic" })).toEqual({
      host: "cursor.com",
      verified: false,
    });
    expect(appSite({ id: "c_123", uri: null, kind: "dynamic" })).toEqual({ host: null, verified: false });
  });

  it("names an app that gave no name after its site, or says it has none", () => {
    expect(appName("Cursor", "cursor.com")).toBe("Cursor");
    expect(appName(null, "cursor.com")).toBe("cursor.com");
    expect(appName("  ", null)).toBe("An unnamed app");
  });

  it("is only ever a web address", () => {
    expect(webHost("javascript:alert(1)")).toBeNull();
    expect(webHost("not a url")).toBeNull();
    expect(webHost("http://127.0.0.1:8080/x")).toBe("127.0.0.1:8080");
  });
});

describe("where the browser goes afterwards", () => {
  it("calls loopback addresses a program on this computer", () => {
    expect(redirectTarget("http://127.0.0.1:53124/callback")).toEqual({
      where: "127.0.0.1:53124",
      note: "A program on this computer, such as your IDE.",
    });
    expect(redirectTarget("http://localhost:3334/cb").where).toBe("localhost:3334");
    expect(redirectTarget("http://[::1]:9000/cb").note).toMatch(/this computer/);
  });

  it("names an app's link scheme", () => {
    expect(redirectTarget("cursor://anysphere.cursor-retrieval/oauth/callback")).toEqual({
      where: "cursor://anysphere.cursor-retrieval",
      note: "An app on this computer that opens cursor: links, such as your IDE.",
    });
    expect(redirectTarget("com.example.ide:/callback").where).toBe("com.example.ide:");
  });

  it("calls any other https address a web site", () => {
    expect(redirectTarget("https://vscode.dev/redirect")).toEqual({ where: "vscode.dev", note: "A web site." });
  });
});
