import { slugRule } from "@/lib/api/rules";

/**
 * "Acme Robotics, Inc." → "acme-robotics-inc": the slug a name suggests, in the API's alphabet
 * (lower-case letters, digits, '-') and within its length.
 */
export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, slugRule.maxLength)
      // Cutting at the maximum length can leave a '-' at the end again.
      .replace(/-+$/, "")
  );
}
