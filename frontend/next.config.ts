import path from "node:path";
import type { NextConfig } from "next";

const root = path.dirname(new URL(import.meta.url).pathname);

const config: NextConfig = {
  // The image runs `node server.js` from the standalone folder: no node_modules install at deploy time.
  output: "standalone",
  // Pin the tracing root to this folder so the standalone server lands at .next/standalone/server.js
  // even when a lock file exists higher up the tree.
  outputFileTracingRoot: root,
  turbopack: { root },
  // MCP clients are configured with either /mcp or /mcp/; a 308 to strip the slash would break
  // clients that do not follow redirects on POST, so both reach the proxy as they are.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  // Set by the end-to-end build when the test runner type-checks the web UI in a step of its own.
  typescript: { ignoreBuildErrors: process.env.SPECHUB_TYPES_CHECKED === "1" },
  reactStrictMode: true,
  // On every response. The Content Security Policy, which needs a nonce per page, is set in src/proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          // For browsers that predate CSP's frame-ancestors.
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          // Invitation links carry their token in the path: never send it to another site.
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default config;
