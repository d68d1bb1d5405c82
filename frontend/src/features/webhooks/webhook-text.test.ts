import { describe, expect, it } from "vitest";
import {
  deliveryOutcome,
  deliveryStatusText,
  eventText,
  formatDuration,
  lastDeliveryText,
  SUBSCRIBABLE_EVENTS,
} from "./webhook-text";

describe("eventText", () => {
  it("names every subscribable event in plain words, each differently", () => {
    const labels = SUBSCRIBABLE_EVENTS.map((event) => eventText(event).label);
    expect(new Set(labels).size).toBe(SUBSCRIBABLE_EVENTS.length);
    for (const [index, event] of SUBSCRIBABLE_EVENTS.entries()) {
      expect(labels[index]).not.toBe(event);
      expect(eventText(event).description).toMatch(/\.$/);
    }
    expect(eventText("prompt.label_moved").label).toBe("Label moved");
  });

  it("never offers the test event for subscribing, but names it in the log", () => {
    expect(SUBSCRIBABLE_EVENTS).not.toContain("ping");
    expect(eventText("ping").label).toBe("Test event");
  });

  it("shows an event it does not know by its name", () => {
    expect(eventText("prompt.archived")).toEqual({ label: "prompt.archived", description: "prompt.archived" });
  });
});

describe("delivery status text", () => {
  it("gives each status a word and a colour", () => {
    expect(deliveryStatusText("succeeded")).toEqual({ label: "Succeeded", variant: "success" });
    expect(deliveryStatusText("failed")).toEqual({ label: "Failed", variant: "destructive" });
    expect(deliveryStatusText("pending")).toEqual({ label: "Pending", variant: "warning" });
  });

  it("sums up the newest delivery with its response code, or why there is none", () => {
    const at = "2026-12-04T10:00:00.000Z";
    expect(lastDeliveryText(null)).toEqual({ label: "Not delivered yet", variant: "secondary" });
    expect(lastDeliveryText({ status: "succeeded", response_code: 204, at }).label).toBe("Succeeded · 204");
    expect(lastDeliveryText({ status: "failed", response_code: 500, at }).label).toBe("Failed · 500");
    expect(lastDeliveryText({ status: "failed", response_code: null, at }).label).toBe("Failed · no answer");
    expect(lastDeliveryText({ status: "pending", response_code: null, at }).label).toBe("Pending");
  });

  it("says how far a delivery got", () => {
    expect(deliveryOutcome({ status: "succeeded", attempts: 1, next_attempt_at: null })).toBe(
      "Delivered after 1 attempt.",
    );
    expect(deliveryOutcome({ status: "failed", attempts: 12, next_attempt_at: null })).toBe(
      "Gave up after 12 attempts.",
    );
    expect(deliveryOutcome({ status: "pending", attempts: 0, next_attempt_at: null })).toBe(
      "Waiting for its first attempt.",
    );
    expect(deliveryOutcome({ status: "pending", attempts: 2, next_attempt_at: "2026-12-04T10:00:00Z" })).toBe(
      "2 attempts so far; trying again soon.",
    );
  });
});

describe("formatDuration", () => {
  it("uses milliseconds under a second and seconds above", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(0)).toBe("0 ms");
    expect(formatDuration(85.4)).toBe("85 ms");
    expect(formatDuration(1234)).toBe("1.2 s");
    expect(formatDuration(10_000)).toBe("10 s");
  });
});
