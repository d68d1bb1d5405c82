import { notFound } from "next/navigation";

/**
 * Any address no other page matches. Unmatched URLs would otherwise get the root not-found page,
 * outside the app layout; calling notFound() here renders (app)/not-found.tsx inside it.
 * Specific routes (pages, the API proxy, /health, /mcp) always win over this catch-all.
 */
export default function MissingPage(): never {
  notFound();
}
