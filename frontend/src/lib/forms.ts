import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "@/lib/api/errors";

/**
 * Shows a 422's per-field problems next to the matching inputs of a react-hook-form form.
 * `fields` lists the form's field names; `toField` maps a backend field path (e.g.
 * `version.user_template`) to one of them when the names differ. Returns whether every problem
 * found its field; when not, the caller should also show the error as a whole.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
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
