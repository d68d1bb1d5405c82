import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, normalizeDatabaseUrl } from "./config.js";

describe("DATABASE_URL", () => {
  it.each([
    ["postgresql://pcp:pcp@db:5432/pcp", "postgresql://pcp:pcp@db:5432/pcp"],
    ["postgres://pcp:pcp@db:5432/pcp", "postgresql://pcp:pcp@db:5432/pcp"],
    ["postgresql+asyncpg://pcp:pcp@db:5432/pcp", "postgresql://pcp:pcp@db:5432/pcp"],
    ["postgresql+psycopg2://u@h/d?sslmode=require", "postgresql://u@h/d?sslmode=require"],
  ])("accepts %s", (given, expected) => {
    expect(normalizeDatabaseUrl(given)).toBe(expected);
  });

  it("refuses other schemes without echoing the password", () => {
    expect(() => normalizeDatabaseUrl("mysql://root:hunter2@db/pcp")).toThrow(ConfigError);
    expect(() => normalizeDatabaseUrl("mysql://root:hunter2@db/pcp")).toThrow(/root:\*\*\*@/);
  });

  it("uses embedded PGlite in ./data, or PGLITE_DIR, when unset", () => {
    expect(loadConfig({}).database).toMatchObject({ kind: "pglite" });
    expect(loadConfig({}).database).toHaveProperty("dir", expect.stringMatching(/data$/));
    expect(loadConfig({ PGLITE_DIR: "/tmp/x" }).database).toEqual({ kind: "pglite", dir: "/tmp/x", readCache: true });
    expect(loadConfig({ DATABASE_URL: "postgres://a@b/c" }).database).toEqual({
      kind: "postgres",
      url: "postgresql://a@b/c",
      readCache: true,
    });
  });

  it("turns the read cache off with READ_CACHE=off, and refuses other values", () => {
    expect(loadConfig({ READ_CACHE: "off" }).database.readCache).toBe(false);
    expect(() => loadConfig({ READ_CACHE: "maybe" })).toThrow(/READ_CACHE/);
  });
});

describe("other settings", () => {
  it("has the documented defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8000,
      host: "0.0.0.0",
      logLevel: "info",
      jwtExpiryHours: 24,
      allowedHosts: [],
      mcpRateLimitMax: 600,
      requestTimeoutMs: 30_000,
      // Only the web UI on this machine (npm start) may say who the client is.
      trustProxy: ["loopback"],
    });
    expect(config.authToken).toBeUndefined();
  });

  it("flags a well-known operator token", () => {
    expect(loadConfig({ AUTH_TOKEN: "dev-token-123" }).authTokenIsKnownDefault).toBe(true);
    expect(loadConfig({ AUTH_TOKEN: "a-long-random-value-7f3a" }).authTokenIsKnownDefault).toBe(false);
  });

  it("parses lists and names a bad value", () => {
    expect(loadConfig({ ALLOWED_HOSTS: "Pcp.Example.com, localhost:8000" }).allowedHosts).toEqual([
      "pcp.example.com",
      "localhost:8000",
    ]);
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(loadConfig({ MCP_RATE_LIMIT_MAX: "0" }).mcpRateLimitMax).toBe(0);
    expect(() => loadConfig({ MCP_RATE_LIMIT_MAX: "-1" })).toThrow(/MCP_RATE_LIMIT_MAX/);
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: "0" })).toThrow(/REQUEST_TIMEOUT_MS/);
  });

  it("gives OAuth tokens an hour and thirty days, and fetches client metadata from public addresses only", () => {
    expect(loadConfig({}).oauth).toEqual({
      accessTokenTtlSeconds: 3600,
      refreshTokenTtlDays: 30,
      clientMetadataAllowPrivate: false,
    });
    expect(
      loadConfig({
        OAUTH_ACCESS_TOKEN_TTL_SECONDS: "600",
        OAUTH_REFRESH_TOKEN_TTL_DAYS: "7",
        OAUTH_CLIENT_METADATA_ALLOW_PRIVATE: "on",
      }).oauth,
    ).toEqual({ accessTokenTtlSeconds: 600, refreshTokenTtlDays: 7, clientMetadataAllowPrivate: true });
    expect(() => loadConfig({ OAUTH_ACCESS_TOKEN_TTL_SECONDS: "5" })).toThrow(/OAUTH_ACCESS_TOKEN_TTL_SECONDS/);
    expect(() => loadConfig({ OAUTH_REFRESH_TOKEN_TTL_DAYS: "0" })).toThrow(/OAUTH_REFRESH_TOKEN_TTL_DAYS/);
    expect(() => loadConfig({ OAUTH_CLIENT_METADATA_ALLOW_PRIVATE: "yes" })).toThrow(
      /OAUTH_CLIENT_METADATA_ALLOW_PRIVATE/,
    );
  });
});
