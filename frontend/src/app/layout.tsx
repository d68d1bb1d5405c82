import type { Metadata } from "next";
import { headers } from "next/headers";
import { Providers } from "@/components/providers";
import { NONCE_HEADER } from "@/lib/content-security-policy";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "SpecHub", template: "%s · SpecHub" },
  description: "Prompt registry with hierarchical governance, served to your IDE over MCP",
};

/**
 * Reading the request makes every page render per request, as the Content Security Policy's
 * per-response nonce requires (a page rendered at build time would carry no nonce and its
 * scripts would not run).
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    // next-themes sets the theme class on <html> before React hydrates; the attribute differs by design.
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
