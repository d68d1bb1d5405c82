"use client";

import { TriangleAlert } from "lucide-react";
import { CopyButton } from "@/components/copy-button";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { SIGNATURE_FORMAT, SIGNATURE_HEADER } from "./webhook-text";

/** A signing secret to show once: after creating a webhook, or after rotating its secret. */
export type ShownSecret = { url: string; secret: string; rotated: boolean };

/**
 * The signing secret, shown this once (the API never returns it again), with how a receiver
 * checks a delivery's signature with it.
 */
export function WebhookSecretDialog({ shown, onClose }: { shown: ShownSecret | null; onClose: () => void }) {
  return (
    <Dialog open={shown !== null} onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-w-2xl" onInteractOutside={(event) => event.preventDefault()}>
        <DialogHeader>
          <DialogTitle>{shown?.rotated ? "The signing secret is replaced" : "The webhook is created"}</DialogTitle>
          <DialogDescription>
            Copy the signing secret into your receiver now: it is shown only this once, and cannot be recovered.
            {shown?.rotated ? " Deliveries are signed with it from now on; the old secret no longer is." : null}
          </DialogDescription>
        </DialogHeader>
        {shown ? (
          <>
            <section aria-labelledby="webhook-secret-label" className="grid gap-2">
              <h3 id="webhook-secret-label" className="text-sm font-medium">
                Signing secret for <span className="break-all font-mono text-xs">{shown.url}</span>
              </h3>
              <div className="flex items-center gap-2">
                <code
                  data-testid="webhook-secret"
                  className="min-w-0 flex-1 break-all rounded-md border bg-muted px-3 py-2 font-mono text-sm"
                >
                  {shown.secret}
                </code>
                <CopyButton text={shown.secret} label="Copy signing secret" />
              </div>
            </section>
            <section aria-labelledby="webhook-verify-label" className="grid gap-2 text-sm">
              <h3 id="webhook-verify-label" className="font-medium">
                Verify signatures like this
              </h3>
              <p className="text-muted-foreground">Every delivery carries this header:</p>
              <pre className="overflow-x-auto rounded-md border bg-muted px-3 py-2 font-mono text-xs">
                {SIGNATURE_FORMAT}
              </pre>
              <p className="text-muted-foreground">
                Compute HMAC-SHA256 with this secret as the key over <code className="font-mono">t</code>, a dot and the
                raw request body (before parsing the JSON), as hex. Accept the request only when it equals{" "}
                <code className="font-mono">v1</code> (compare in constant time) and{" "}
                <code className="font-mono">t</code> is within a few minutes of now, so an old request cannot be
                replayed. The <code className="font-mono">X-SpecHub-Delivery</code> header stays the same when a
                delivery is retried: use it to handle each delivery once.
              </p>
            </section>
            <Alert className="flex gap-2">
              <TriangleAlert className="mt-0.5 shrink-0 text-warning" aria-hidden />
              <span>
                Anyone with this secret can send requests your receiver would trust as coming from SpecHub. Keep it with
                the receiver's other secrets, out of repositories; check the {SIGNATURE_HEADER} header on every request.
              </span>
            </Alert>
          </>
        ) : null}
        <DialogFooter>
          <Button onClick={onClose}>I have copied it</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
