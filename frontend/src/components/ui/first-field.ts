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

/** Marks a dialog's close button (dialog-window.tsx), which radix-ui focuses while a dialog has no field. */
const CLOSE_BUTTON_ATTRIBUTE = "data-dialog-close";

/**
 * Dialogs whose form loads after they open have no field at first: focus the first one as soon
 * as it appears, unless the user has meanwhile moved focus somewhere other than the close button.
 * Gives up after `timeoutMs`; returns a function that stops watching.
 */
export function focusFirstFieldOnceRendered(container: HTMLElement, timeoutMs = 5_000): () => void {
  const userMovedOn = () => {
    const active = document.activeElement;
    return (
      active instanceof HTMLElement &&
      active !== container &&
      container.contains(active) &&
      !active.hasAttribute(CLOSE_BUTTON_ATTRIBUTE)
    );
  };
  const observer = new MutationObserver(() => {
    if (userMovedOn() || focusFirstField(container)) stop();
  });
  const timer = setTimeout(() => stop(), timeoutMs);
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
  }
  observer.observe(container, { childList: true, subtree: true });
  return stop;
}
