import { ApiError } from "@/lib/api/errors";

/**
 * Shows a 422's per-field problems next to the matching inputs of a form (react-hook-form's
 * `setError`).
 * `fields` lists the form's field names; `toField` maps a backend field path (e.g.
 * `version.user_template`) to one of them when the names differ. Returns whether every problem
 * found its field; when not, the caller should also show the error as a whole.
 */
export function applyServerErrors<Name extends string>(
  error: unknown,
  setError: (name: Name, error: { type: string; message: string }) => void,
  fields: readonly Name[],
  toField: (path: string) => string = (path) => path,
): boolean {
  if (!(error instanceof ApiError)) return false;
  const entries = Object.entries(error.fields);
  if (entries.length === 0) return false;
  let allPlaced = true;
  for (const [path, message] of entries) {
    const name = fields.find((field) => field === toField(path));
    if (name) setError(name, { type: "server", message });
    else allPlaced = false;
  }
  return allPlaced;
}
