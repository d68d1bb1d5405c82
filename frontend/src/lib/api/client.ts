import createClient from "openapi-fetch";
import { ApiError } from "@/lib/api/errors";
import type { paths } from "@/lib/api/schema";

/**
 * The typed client for the browser. Requests are same-origin (`/api/v1/...`): the frontend's
 * proxy forwards them to the backend with the session cookie, so no token lives in JavaScript.
 *
 * Features write their query hooks with TanStack Query over this client rather than through
 * openapi-react-query, whose cache keys are the request (method, path, parameters): refreshing a
 * resource after a write would then mean naming every path that reads it. `query-keys.ts` keys
 * the cache by resource instead, so invalidating `["prompts"]` reaches every reader.
 */
export const api = createClient<paths>({ baseUrl: "" });

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits an `api.GET/POST/...` call and returns its data, or throws an `ApiError` carrying the
 * status and a readable message. Queries and mutations use this so errors reach TanStack Query.
 *
 * @example const prompt = await unwrap(api.GET("/api/v1/prompts/{name}", { params: { path: { name } } }));
 */
export async function unwrap<T>(request: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await request;
  if (!response.ok) throw new ApiError(response.status, error);
  return data as T;
}
