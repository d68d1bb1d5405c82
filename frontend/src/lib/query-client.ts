import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "@/lib/api/errors";
import { loginPath } from "@/lib/navigation";

declare module "@tanstack/react-query" {
  interface Register {
    queryMeta: RequestMeta;
    mutationMeta: RequestMeta;
  }
}

type RequestMeta = {
  /** A 401 is this request's own answer (wrong password), not a sign that the session ended. */
  unauthorizedIsExpected?: boolean;
};

/** An expired or revoked session shows up as a 401 on any request: send the user to sign in again. */
function signInAgainOn401(error: unknown, meta: RequestMeta | undefined): void {
  if (typeof window === "undefined" || meta?.unauthorizedIsExpected) return;
  if (!(error instanceof ApiError) || error.status !== 401) return;
  window.location.assign(loginPath(window.location.pathname + window.location.search));
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => signInAgainOn401(error, query.meta) }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => signInAgainOn401(error, mutation.meta),
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx will not change by asking again; network hiccups and 5xx might.
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
      },
    },
  });
}
