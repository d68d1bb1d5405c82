// Temporary: the shape openapi-typescript gives one operation, for routes the committed
// schema does not list yet (the `pending-types.ts` files augment `paths` with them). Deleted once
// the schema is regenerated with those routes.

type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type Error = Json<{ code: string; detail: string }>;

export type PendingOperation<
  Responses extends Record<number, unknown>,
  Params extends { path?: Record<string, string>; query?: Record<string, unknown> } = Record<never, never>,
  Body = undefined,
> = {
  parameters: {
    query?: Params["query"] extends undefined ? never : Params["query"];
    header?: never;
    cookie?: never;
  } & (Params["path"] extends Record<string, string> ? { path: Params["path"] } : { path?: never });
  responses: { [Status in keyof Responses]: Json<Responses[Status]> } & { 403: Error; 404: Error; 422: Error };
} & (Body extends undefined ? { requestBody?: never } : { requestBody: { content: { "application/json": Body } } });

/** The methods a path does not have, as openapi-typescript writes them. */
export type NoOtherMethods = {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  get?: never;
  put?: never;
  post?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
};
