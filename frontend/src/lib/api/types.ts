import type { paths } from "@/lib/api/schema";

/** The JSON body of a successful response, by path, method and status. */
export type ResponseBody<
  Path extends keyof paths,
  Method extends keyof paths[Path],
  Status extends number = 200,
> = paths[Path][Method] extends { responses: infer Responses }
  ? Status extends keyof Responses
    ? Responses[Status] extends { content: { "application/json": infer Body } }
      ? Body
      : never
    : never
  : never;

/** The JSON request body, by path and method. */
export type RequestBody<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method] extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? Body
  : never;

/** Query parameters, by path and method. */
export type QueryParams<Path extends keyof paths, Method extends keyof paths[Path]> = paths[Path][Method] extends {
  parameters: { query?: infer Query };
}
  ? NonNullable<Query>
  : never;

export type CurrentUser = ResponseBody<"/api/v1/auth/me", "get">;
/** How people sign in: a local password, single sign-on, or both. */
export type SignInOptions = ResponseBody<"/api/v1/auth/providers", "get">;
export type Visibility = ResponseBody<"/api/v1/prompts/{name}", "get">["visibility"];
