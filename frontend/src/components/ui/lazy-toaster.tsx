"use client";

import dynamic from "next/dynamic";

/**
 * Where notices appear, loaded once the page is interactive: it draws nothing until a notice is
 * shown, so it need not hold up the first paint of every page.
 */
export const LazyToaster = dynamic(() => import("./sonner").then((module) => module.Toaster), { ssr: false });
