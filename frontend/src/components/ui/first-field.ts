/**
 * The controls a dialog should start on: text fields, native selects, text areas, code editors
 * and select buttons — not the dialog's close button, which radix-ui would focus first otherwise.
 */
export const FIRST_FIELD_SELECTOR = [
  'input:not([type="hidden"]):not([type="checkbox"]):not([type="radio"]):not([disabled]):not([readonly])',
  "select:not([disabled])",
  "textarea:not([disabled]):not([readonly])",
  '[contenteditable="true"]',
  'button[role="combobox"]:not([disabled])',
].join(", ");

type Focusable = { focus: (options?: FocusOptions) => void };
type Searchable = { querySelector: (selector: string) => Focusable | null };

/** Focuses the first field inside `container`; false when it has none (so the default applies). */
export function focusFirstField(container: Searchable | null): boolean {
  const field = container?.querySelector(FIRST_FIELD_SELECTOR);
  if (!field) return false;
  field.focus();
  return true;
}
