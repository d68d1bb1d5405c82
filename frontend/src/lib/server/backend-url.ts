/**
 * The backend's base URL, read on every call rather than at build time: one image serves every
 * environment, configured by the BACKEND_URL variable of the running container.
 */
export function backendUrl(): string {
  return (process.env.BACKEND_URL?.trim() || "http://localhost:8000").replace(/\/+$/, "");
}
