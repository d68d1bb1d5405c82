import { unwrap } from "./client.js";

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/**
 * Like `unwrap`, but a 422 whose `detail` is a list (one entry per problem in the request, e.g.
 * each input that does not fit the input schema) is reported problem by problem.
 */
export async function unwrapDetailed<T>(request: Promise<FetchResult<T>>): Promise<T> {
  const settled = await request.catch((error: unknown) => ({ thrown: error }));
  if ("thrown" in settled) return unwrap(Promise.reject(settled.thrown));
  const detail = (settled.error as { detail?: unknown } | undefined)?.detail;
  if (!settled.response.ok && Array.isArray(detail)) {
    const problems = detail.map((item: { loc?: unknown[]; msg?: string }) => {
      const where = (item.loc ?? []).filter((part) => part !== "body").join(".");
      return where ? `${where}: ${item.msg}` : String(item.msg);
    });
    return unwrap(Promise.resolve({ ...settled, error: { message: problems.join("; ") } }));
  }
  return unwrap(Promise.resolve(settled));
}
