// What the benchmarks share when they talk to a backend and measure it: REST calls, percentiles and
// the memory of a backend process.
import fs from "node:fs";

/** A REST call under /api/v1; the parsed answer, or an error naming the route and the status. */
export async function call(base, token, method, url, body) {
  const response = await fetch(`${base}/api/v1${url}`, {
    method,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The q-quantile of ascending numbers (nearest rank). */
export const percentile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** p50 and p99 of durations in ms, rounded to 0.1 ms. */
export function summarize(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50_ms: +percentile(sorted, 0.5).toFixed(1), p99_ms: +percentile(sorted, 0.99).toFixed(1) };
}

/**
 * Resident memory of a process in MB, now (VmRSS) and at its peak so far (VmHWM), from Linux's
 * /proc; nulls elsewhere.
 */
export function processMemory(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const megabytes = (field) => Math.round(Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))[1]) / 1024);
    return { rss_mb: megabytes("VmRSS"), peak_mb: megabytes("VmHWM") };
  } catch {
    return { rss_mb: null, peak_mb: null };
  }
}
