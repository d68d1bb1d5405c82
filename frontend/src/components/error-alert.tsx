"use client";

import { AlertCircle } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/api/errors";

/** A failed request, in words, with a retry when one makes sense. Multi-line messages keep their lines. */
export function ErrorAlert({ error, title, onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <Alert variant="destructive" className="flex gap-3">
      <AlertCircle className="mt-0.5 shrink-0" aria-hidden />
      <div className="min-w-0 flex-1">
        {title ? <AlertTitle>{title}</AlertTitle> : null}
        <AlertDescription className="whitespace-pre-line break-words">{errorMessage(error)}</AlertDescription>
      </div>
      {onRetry ? (
        <Button size="sm" variant="outline" onClick={onRetry} className="shrink-0 text-foreground">
          Try again
        </Button>
      ) : null}
    </Alert>
  );
}
