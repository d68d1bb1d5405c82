"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import * as React from "react";
import { LazyToaster } from "@/components/ui/lazy-toaster";
import { makeQueryClient } from "@/lib/query-client";

/**
 * Client-side context for every page: data cache, light/dark theme and the notices (toasts) area. `nonce` lets the theme's
 * inline script (which sets the theme before the page paints) run under the page's CSP.
 */
export function Providers({ children, nonce }: { children: React.ReactNode; nonce?: string }) {
  // One cache per browser tab, created once; a module-level client would be shared between
  // requests during server rendering.
  const [queryClient] = React.useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
        {children}
        <LazyToaster />
      </ThemeProvider>
    </QueryClientProvider>
  );
}
