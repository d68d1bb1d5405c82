import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  PromptListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";

/** One server-sent event as received: comments (keep-alives) are left out. */
export type SentEvent = { id?: string; retry?: number; data?: string };

/** Values that arrive over time, and a way to wait for the ones a test expects. */
class Arrivals<T> {
  readonly values: T[] = [];
  ended = false;
  private wakers = new Set<() => void>();

  push(value: T): void {
    this.values.push(value);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Resolves once `check` holds for what arrived; rejects if nothing more can arrive before it does. */
  async until(check: (values: T[]) => boolean): Promise<T[]> {
    while (!check(this.values)) {
      if (this.ended) throw new Error(`ended before the expected values arrived: ${JSON.stringify(this.values)}`);
      await new Promise<void>((resolve) => this.wakers.add(resolve));
    }
    return this.values;
  }

  private wake(): void {
    const wakers = [...this.wakers];
    this.wakers.clear();
    for (const wake of wakers) wake();
  }
}

function parseEvent(block: string): SentEvent | null {
  const event: SentEvent = {};
  let fields = 0;
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
    fields++;
    if (name === "id") event.id = value;
    else if (name === "retry") event.retry = Number(value);
    else if (name === "data") event.data = event.data === undefined ? value : `${event.data}\n${value}`;
  }
  return fields > 0 ? event : null;
}

/** Reads the events of an event stream as they come; `ended` once the server closes it. */
export class EventReader extends Arrivals<SentEvent> {
  constructor(body: ReadableStream<Uint8Array>) {
    super();
    void this.read(body);
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n")) {
          const event = parseEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event) this.push(event);
        }
      }
    } catch {
      // Aborted by the test: the stream is over all the same.
    }
    this.end();
  }

  /** The events that carry a message, by JSON-RPC method. */
  methods(): string[] {
    return this.values.flatMap((event) => (event.data ? [JSON.parse(event.data).method as string] : []));
  }
}

/** The fingerprint an event id records. */
export const toldIn = (id: string | undefined) => {
  const [prompts, tools] = (id ?? "").split(".");
  return { prompts, tools };
};

/** A raw `GET /mcp`, with the stream read as it comes. */
export async function openEventStream(url: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: abort.signal,
  });
  const events = response.ok && response.body ? new EventReader(response.body) : null;
  return { response, events, close: () => abort.abort() };
}

export type ListChange = "prompts" | "tools";

/**
 * The official SDK client, which opens the event stream by itself once initialized. The stream's
 * raw events are read alongside (a copy of the body), for the ids the SDK keeps to itself.
 */
export async function connectWatching(url: string, token: string) {
  const streams = new Arrivals<EventReader>();
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (init?.method !== "GET" || !response.ok || !response.body) return response;
      const [ours, theirs] = response.body.tee();
      streams.push(new EventReader(ours));
      return new Response(theirs, { status: response.status, headers: response.headers });
    },
  });
  const client = new Client({ name: "event-stream-test", version: "1.0.0" });
  const notified = new Arrivals<ListChange>();
  client.setNotificationHandler(PromptListChangedNotificationSchema, () => notified.push("prompts"));
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => notified.push("tools"));
  await client.connect(transport);
  const [stream] = await streams.until((opened) => opened.length > 0);
  if (!stream) throw new Error("the SDK client opened no event stream");
  await stream.until((events) => events.length > 0);
  return {
    client,
    transport,
    /** The first event stream the client opened. */
    stream,
    notified,
    /** Resolves once `count` notifications of `kind` have reached the SDK client. */
    untilNotified: (kind: ListChange, count: number) =>
      notified.until((kinds) => kinds.filter((seen) => seen === kind).length >= count),
    count: (kind: ListChange) => notified.values.filter((seen) => seen === kind).length,
  };
}
