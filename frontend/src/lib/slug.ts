/**
 * "Acme Robotics, Inc." → "acme-robotics-inc": the slug a name suggests, in the API's alphabet
 * (lower-case letters, digits, '-') and within its 100 characters.
 */
export function slugify(name: string): string {
  return (
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 100)
      // Cutting at 100 characters can leave a '-' at the end again.
      .replace(/-+$/, "")
  );
}
