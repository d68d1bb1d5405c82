import { describe, expect, it } from "vitest";
import type { ChangeFeed } from "./change-feed.js";
import { approximateSize, createReadCache } from "./read-cache.js";

/** A change feed driven by the test: `touch()` reports a change, `live` can be switched off. */
function testFeed(): ChangeFeed & { live: boolean; touch(): void } {
  let generation = 0;
  return {
    generation: () => generation,
    live: true,
    status: () => ({ state: "live", failures: 0, retryMs: null }),
    touch() {
      generation++;
    },
    onChange: () => () => {},
    async close() {},
  };
}

/** A loader that counts its calls and answers with the call number. */
function countingLoad() {
  let calls = 0;
  const load = async () => ++calls;
  return { load, calls: () => calls };
}

describe("read cache", () => {
  it("loads once and then serves the stored value", async () => {
    const cache = createReadCache(testFeed(), "data");
    const { load, calls } = countingLoad();
    expect(await cache.read("k", load)).toBe(1);
    expect(await cache.read("k", load)).toBe(1);
    expect(calls()).toBe(1);
  });

  it("keeps keys apart", async () => {
    const cache = createReadCache(testFeed(), "data");
    expect(await cache.read("a", async () => "A")).toBe("A");
    expect(await cache.read("b", async () => "B")).toBe("B");
    expect(await cache.read("a", async () => "other")).toBe("A");
  });

  it("loads again after a reported change", async () => {
    const feed = testFeed();
    const cache = createReadCache(feed, "data");
    const { load } = countingLoad();
    await cache.read("k", load);
    feed.touch();
    expect(await cache.read("k", load)).toBe(2);
    expect(await cache.read("k", load)).toBe(2);
  });

  it("does not keep a value whose load overlapped a change", async () => {
    const feed = testFeed();
    const cache = createReadCache(feed, "data");
    let release: (value: string) => void = () => {};
    const slow = cache.read("k", () => new Promise<string>((resolve) => (release = resolve)));
    feed.touch();
    release("read before the change");
    expect(await slow).toBe("read before the change");
    expect(await cache.read("k", async () => "fresh")).toBe("fresh");
  });

  it("reads through while the feed is not live", async () => {
    const feed = testFeed();
    const cache = createReadCache(feed, "data");
    const { load, calls } = countingLoad();
    await cache.read("k", load);
    feed.live = false;
    expect(await cache.read("k", load)).toBe(2);
    expect(await cache.read("k", load)).toBe(3);
    feed.live = true;
    feed.touch();
    expect(await cache.read("k", load)).toBe(4);
    expect(await cache.read("k", load)).toBe(4);
    expect(calls()).toBe(4);
  });

  it("shares one load between concurrent reads of a key", async () => {
    const cache = createReadCache(testFeed(), "data");
    const { load, calls } = countingLoad();
    const values = await Promise.all([cache.read("k", load), cache.read("k", load), cache.read("k", load)]);
    expect(values).toEqual([1, 1, 1]);
    expect(calls()).toBe(1);
  });

  it("does not keep failures", async () => {
    const cache = createReadCache(testFeed(), "data");
    await expect(cache.read("k", async () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.read("k", async () => "up")).toBe("up");
  });

  it("keeps within its size bound, least recently read out first, and does not keep values too large to share it", async () => {
    const cache = createReadCache(testFeed(), "data", { maxSize: 1000 });
    const text = (n: number) => "x".repeat(n);
    await cache.read("a", async () => text(60));
    await cache.read("b", async () => text(60));
    expect(await cache.read("a", async () => "reloaded")).toBe(text(60));
    await cache.read("big", async () => text(1000));
    expect(await cache.read("big", async () => "reloaded")).toBe("reloaded");
    for (const key of [
      "c",
      "d",
      "e",
      "f",
      "g",
      "h",
      "i",
      "j",
      "k",
      "l",
      "m",
      "n",
      "o",
      "p",
      "q",
      "r",
      "s",
      "t",
      "u",
      "v",
      "w",
      "x",
      "y",
      "z",
    ]) {
      await cache.read(key, async () => text(60));
    }
    expect(await cache.read("a", async () => "reloaded")).toBe("reloaded");
    expect(await cache.read("z", async () => "reloaded")).toBe(text(60));
  });

  it("measures values by their strings and fields", () => {
    expect(approximateSize("abc")).toBe(3);
    expect(approximateSize({ a: "abcd", b: 1 })).toBeGreaterThan(4);
    expect(approximateSize(new Map([["k", "x".repeat(100)]]))).toBeGreaterThan(100);
    expect(approximateSize([{ t: "x".repeat(50) }, { t: "y".repeat(50) }])).toBeGreaterThan(100);
    let deep: unknown = "z".repeat(1000);
    for (let level = 0; level < 50; level++) deep = { properties: deep };
    expect(approximateSize(deep)).toBeGreaterThan(1000);
    expect(approximateSize(["a".repeat(500), "b".repeat(500)], 100)).toBeLessThanOrEqual(600);
  });

  it("forgets one entry on request", async () => {
    const cache = createReadCache(testFeed(), "data");
    await cache.read("a", async () => "a1");
    await cache.read("b", async () => "b1");
    cache.forget("a");
    expect(await cache.read("a", async () => "a2")).toBe("a2");
    expect(await cache.read("b", async () => "b2")).toBe("b1");
  });

  it("keeps an empty value like any other", async () => {
    const cache = createReadCache(testFeed(), "data");
    expect(await cache.read("k", async () => "")).toBe("");
    expect(await cache.read("k", async () => "reloaded")).toBe("");
  });

  it("drops the least recently read entry first", async () => {
    const cache = createReadCache(testFeed(), "data", { maxEntries: 2 });
    await cache.read("a", async () => "a1");
    await cache.read("b", async () => "b1");
    expect(await cache.read("a", async () => "a2")).toBe("a1");
    await cache.read("c", async () => "c1");
    expect(await cache.read("a", async () => "a3")).toBe("a1");
    expect(await cache.read("b", async () => "b2")).toBe("b2");
  });

  it("drops the oldest entry beyond its entry count and expires entries after the TTL", async () => {
    const cache = createReadCache(testFeed(), "data", { maxEntries: 2, ttlMs: 50 });
    await cache.read("a", async () => "a1");
    await cache.read("b", async () => "b1");
    await cache.read("c", async () => "c1");
    expect(await cache.read("a", async () => "a2")).toBe("a2");
    expect(await cache.read("c", async () => "c2")).toBe("c1");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await cache.read("c", async () => "c3")).toBe("c3");
  });
});
