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

function show(kind: "success" | "error", message: string, options?: ExternalToast): void {
  loadSonner().then(
    ({ toast }) => toast[kind](message, options),
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
