// Each end-to-end worker has a backend and a frontend of its own (playwright.config.ts starts them
// with webServer), so files running at the same time never see each other's data.

/** How many files run at once: two by default (a third did not help on two cores). */
export const workerCount = Math.max(1, Number(process.env.E2E_WORKERS ?? 2));

/** The first of the loopback ports the suite's servers listen on (two per worker). */
const portBase = Number(process.env.E2E_PORT_BASE ?? 43_210);

/** The ports of worker slot `slot`'s backend and frontend. */
export function slotPorts(slot: number): { backend: number; frontend: number } {
  return { backend: portBase + 2 * slot, frontend: portBase + 2 * slot + 1 };
}

// Playwright numbers its running workers 0..workers-1 in TEST_PARALLEL_INDEX; a worker that
// replaces a failed one takes over its slot, and with it that slot's servers.
const slot = Number(process.env.TEST_PARALLEL_INDEX ?? 0);

/** This worker's backend, which the frontend below proxies to. */
export const backendUrl = `http://127.0.0.1:${slotPorts(slot).backend}`;

/** This worker's frontend (the production build's standalone server). */
export const frontendUrl = `http://127.0.0.1:${slotPorts(slot).frontend}`;
