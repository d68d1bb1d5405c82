"use client";

import { X } from "lucide-react";
import * as React from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export type ToastOptions = {
  message: React.ReactNode;
  /** One button beside the message, such as Undo; pressing it also dismisses the toast. */
  action?: { label: string; onClick: () => void };
  /** How long the toast stays, in milliseconds; it waits while pointed at or focused. */
  duration?: number;
  variant?: "default" | "success" | "destructive";
};

type Toast = ToastOptions & { id: number };

const ToastContext = React.createContext<((options: ToastOptions) => void) | null>(null);

/**
 * Short messages at the bottom of the screen that go away on their own, for outcomes that leave
 * nothing else on the page to read (and the way back, such as Undo, while it still applies).
 */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = React.useState<Toast[]>([]);
  const nextId = React.useRef(1);
  const show = React.useCallback((options: ToastOptions) => {
    const id = nextId.current++;
    // A few at most: older ones have been read, or will not be.
    setToasts((current) => [...current.slice(-2), { ...options, id }]);
  }, []);
  const dismiss = React.useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);

  return (
    <ToastContext.Provider value={show}>
      {children}
      <section
        aria-label="Notifications"
        className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end"
      >
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </section>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss: dismissById }: { toast: Toast; onDismiss: (id: number) => void }) {
  const { id } = toast;
  const onDismiss = React.useCallback(() => dismissById(id), [dismissById, id]);
  const duration = toast.duration ?? 5_000;
  const [paused, setPaused] = React.useState(false);
  const left = React.useRef(duration);
  React.useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(onDismiss, left.current);
    return () => {
      clearTimeout(timer);
      left.current = Math.max(1_000, left.current - (Date.now() - started));
    };
  }, [paused, onDismiss]);

  return (
    // Pointing at or focusing a toast only holds its timer, so it is not gone while being read.
    // biome-ignore lint/a11y/noStaticElementInteractions: the role is status or alert, decided at run time
    <div
      role={toast.variant === "destructive" ? "alert" : "status"}
      className={cn(
        "pointer-events-auto flex w-full max-w-sm items-center gap-3 rounded-lg border bg-popover px-4 py-3 text-sm text-popover-foreground shadow-lg",
        toast.variant === "success" && "border-success/40",
        toast.variant === "destructive" && "border-destructive/40 text-destructive",
      )}
      onPointerEnter={() => setPaused(true)}
      onPointerLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setPaused(false);
      }}
    >
      <div className="min-w-0 flex-1">{toast.message}</div>
      {toast.action ? (
        <Button
          size="sm"
          variant="outline"
          className="shrink-0"
          onClick={() => {
            toast.action?.onClick();
            onDismiss();
          }}
        >
          {toast.action.label}
        </Button>
      ) : null}
      <Button size="icon" variant="ghost" className="size-7 shrink-0" aria-label="Dismiss" onClick={onDismiss}>
        <X aria-hidden />
      </Button>
    </div>
  );
}

/** Shows a toast; only inside the signed-in app, which provides them. */
export function useToast(): (options: ToastOptions) => void {
  const show = React.useContext(ToastContext);
  if (!show) throw new Error("useToast() used outside <ToastProvider>");
  return show;
}
