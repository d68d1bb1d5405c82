import { z } from "zod";

export const providersResponse = z.object({
  password: z.boolean().describe("Whether sign-in with a local password is on (PASSWORD_LOGIN)"),
  sso: z
    .object({
      name: z.string().describe("The identity provider's name, for a 'Sign in with <name>' button"),
      login_url: z.string().describe("Where the browser goes to sign in; add `?next=/path` to come back there"),
    })
    .nullable()
    .describe("Single sign-on, or null when no identity provider is configured"),
});

export const ssoLoginQuery = z.object({
  next: z.string().max(2048).optional().describe("A local path to return to once signed in; anything else means `/`"),
});

/** What a provider sends back; other parameters (`iss`, `session_state`, …) pass through to the checks. */
export const ssoCallbackQuery = z
  .object({
    code: z.string().max(4096).optional(),
    state: z.string().max(1024).optional(),
    error: z.string().max(256).optional(),
    error_description: z.string().max(2048).optional(),
  })
  .loose();

export const redirectResponse = z.null().describe("A redirect: see the Location header");
