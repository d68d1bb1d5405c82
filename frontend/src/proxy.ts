import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, createNonce, NONCE_HEADER } from "@/lib/content-security-policy";

/** Pages a signed-out visitor may open; everything else needs a session. */
const PUBLIC_PAGES = [/^\/login$/, /^\/register$/, /^\/invite\/[^/]+$/];

/**
 * Runs before pages render. Without a session cookie there is no point rendering the app: go to
 * sign-in straight away, remembering where the visitor was headed. Whether the cookie is still
 * valid is checked by the app layout, which also receives the path (x-pathname) for the same
 * purpose. Every page gets a Content Security Policy with a nonce of its own; Next finds the
 * nonce in the policy passed on with the request and puts it on the scripts it renders.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isPublic = PUBLIC_PAGES.some((pattern) => pattern.test(pathname));
  if (!isPublic && !request.cookies.has("pcp_session")) {
    const login = new URL("/login", request.url);
    if (pathname !== "/") login.searchParams.set("next", pathname + search);
    return NextResponse.redirect(login);
  }
  const nonce = createNonce();
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("x-pathname", pathname + search);
  headers.set(NONCE_HEADER, nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Pages only: the backend paths the route handlers forward (the OAuth metadata and endpoints
  // IDEs call without a session, but not the consent page under /oauth/), Next's assets and files
  // with an extension (icons, robots.txt) pass straight through.
  matcher: [
    "/((?!api/|api$|health$|health/|mcp$|mcp/|\\.well-known/|oauth/register$|oauth/authorize$|oauth/token$|oauth/revoke$|_next/|.*\\.[a-zA-Z0-9]+$).*)",
  ],
};
