import { describe, expect, it } from "vitest";
import { forwardingFor, parseTrustProxy } from "./forwarding";

const headers = (values: Record<string, string>) => new Headers({ host: "spechub.example.com", ...values });

describe("forwardingFor", () => {
  const loopback = parseTrustProxy(undefined);

  it("takes a direct client's address from the socket, whatever X-Forwarded-* it sends", () => {
    const sent = headers({
      "x-forwarded-for": "198.51.100.1",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
    });
    expect(forwardingFor("203.0.113.9", sent, loopback)).toEqual({
      for: "203.0.113.9",
      host: "spechub.example.com",
      proto: "http",
    });
  });

  it("gives every rotated X-Forwarded-For of a direct client the same address", () => {
    const seen = new Set(
      ["1.1.1.1", "2.2.2.2", "3.3.3.3, 4.4.4.4"].map(
        (chain) => forwardingFor("203.0.113.9", headers({ "x-forwarded-for": chain }), loopback).for,
      ),
    );
    expect([...seen]).toEqual(["203.0.113.9"]);
  });

  it("believes a trusted proxy about the client, host and scheme", () => {
    const sent = headers({
      "x-forwarded-for": "198.51.100.7",
      "x-forwarded-host": "spechub.apps.example.com",
      "x-forwarded-proto": "https",
    });
    expect(forwardingFor("127.0.0.1", sent, loopback)).toEqual({
      for: "198.51.100.7",
      host: "spechub.apps.example.com",
      proto: "https",
    });
  });

  it("walks the chain from the right: what the client put before the router's entry is ignored", () => {
    const router = parseTrustProxy("10.128.0.0/14");
    const sent = headers({ "x-forwarded-for": "1.1.1.1, 203.0.113.5" });
    expect(forwardingFor("10.128.2.1", sent, router).for).toBe("203.0.113.5");
  });

  it("passes through several trusted hops", () => {
    const cluster = parseTrustProxy("loopback, 10.0.0.0/8");
    const sent = headers({ "x-forwarded-for": "203.0.113.5, 10.0.0.3, 10.0.0.2" });
    expect(forwardingFor("127.0.0.1", sent, cluster).for).toBe("203.0.113.5");
  });

  it("stops at the leftmost address when every hop is trusted", () => {
    const sent = headers({ "x-forwarded-for": "10.0.0.9, 10.0.0.3" });
    expect(forwardingFor("10.0.0.2", sent, parseTrustProxy("10.0.0.0/8")).for).toBe("10.0.0.9");
  });

  it("falls back to Host and plain HTTP when a trusted proxy sends no X-Forwarded-Host/Proto", () => {
    expect(forwardingFor("127.0.0.1", headers({}), loopback)).toEqual({
      for: "127.0.0.1",
      host: "spechub.example.com",
      proto: "http",
    });
  });

  it("reads IPv4 peers on a dual-stack socket as IPv4", () => {
    const sent = headers({ "x-forwarded-for": "198.51.100.7" });
    expect(forwardingFor("::ffff:127.0.0.1", sent, loopback).for).toBe("198.51.100.7");
    expect(forwardingFor("::ffff:203.0.113.9", sent, loopback).for).toBe("203.0.113.9");
  });

  it("trusts nobody with an empty TRUST_PROXY, not even loopback", () => {
    const sent = headers({ "x-forwarded-for": "198.51.100.7" });
    expect(forwardingFor("127.0.0.1", sent, parseTrustProxy("")).for).toBe("127.0.0.1");
  });

  it("claims no client address when the connection's peer is unknown", () => {
    const sent = headers({ "x-forwarded-for": "198.51.100.7", "x-forwarded-host": "evil.example" });
    expect(forwardingFor(null, sent, loopback)).toEqual({ for: null, host: "spechub.example.com", proto: "http" });
  });
});

describe("parseTrustProxy", () => {
  it("names the variable when an entry is not an address", () => {
    expect(() => parseTrustProxy("loopback, router.internal")).toThrow(/^TRUST_PROXY: .*router\.internal/);
  });
});
