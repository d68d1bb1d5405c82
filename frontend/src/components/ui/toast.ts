import type { ExternalToast } from "sonner";

type Sonner = typeof import("sonner");

let loading: Promise<Sonner> | undefined;

/** sonner, imported the first time a notice is shown; a failed download is tried again next time. */
function loadSonner(): Promise<Sonner> {
  loading ??= import("sonner").catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** For each id a caller gave, the sonner id of the notice on screen under it. */
const shownUnder = new Map<string | number, string>();
let shownCount = 0;

/**
 * A notice given the id of an earlier one replaces it. sonner would update the earlier notice in
 * place, and one already on its way out (its time just ran out) takes the update with it: moving
 * a team a second time at that moment showed no notice at all. So the earlier one is dismissed
 * and the new one shown under an id of its own.
 */
function replace({ toast }: Sonner, kind: "success" | "error", message: string, options?: ExternalToast): void {
  if (options?.id === undefined) {
    toast[kind](message, options);
    return;
  }
  const earlier = shownUnder.get(options.id);
  if (earlier !== undefined) toast.dismiss(earlier);
  shownCount += 1;
  const id = `${options.id}#${shownCount}`;
  shownUnder.set(options.id, id);
  toast[kind](message, { ...options, id });
}

function show(kind: "success" | "error", message: string, options?: ExternalToast): void {
  loadSonner().then(
    (sonner) => replace(sonner, kind, message, options),
    // The change the notice reports has happened either way; only its announcement is lost.
    () => {},
  );
}

/**
 * Short-lived notices, as sonner's `toast.success` and `toast.error`. Every notice answers
 * something the user did, so sonner (about 9 kB) is fetched then rather than with every page;
 * the `Toaster` that draws them shows any notice raised before it mounted.
 */
export const toast = {
  success: (message: string, options?: ExternalToast) => show("success", message, options),
  error: (message: string, options?: ExternalToast) => show("error", message, options),
};
