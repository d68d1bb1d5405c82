import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEER_HEADER, peerAddress, recordPeerAddresses } from "./peer-address";

describe("the connection's address, carried to route handlers", () => {
  let server: http.Server;
  let url: string;
  const received: Headers[] = [];

  beforeAll(async () => {
    recordPeerAddresses();
    server = http.createServer((request, response) => {
      received.push(new Headers(request.headers as Record<string, string>));
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("is the socket's remote address", async () => {
    await fetch(url);
    expect(peerAddress(received.at(-1)!)).toBe("127.0.0.1");
  });

  it("cannot be set by the client", async () => {
    await fetch(url, { headers: { [PEER_HEADER]: "forged 198.51.100.1" } });
    expect(peerAddress(received.at(-1)!)).toBe("127.0.0.1");
    expect(peerAddress(new Headers({ [PEER_HEADER]: "forged 198.51.100.1" }))).toBeNull();
    expect(peerAddress(new Headers())).toBeNull();
  });
});
