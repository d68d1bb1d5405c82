"use client";

import { ArrowRightLeft } from "lucide-react";
import * as React from "react";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { labelProblem, PRODUCTION, sortLabels } from "@/lib/labels";
import type { Prompt } from "./api";
import { labelImpact } from "./labels";

const NEW_LABEL = "__new__";

/**
 * Points a label (an existing one, or a new one typed in) at `version`. The dialog is the
 * confirmation: before anything moves it says what callers will get instead of what.
 */
export function MoveLabelDialog({
  prompt,
  version,
  protectedLabels,
  pending,
  error,
  onOpen,
  onMove,
}: {
  prompt: Prompt;
  version: string;
  /** Known to admins only; undefined when the page cannot tell. */
  protectedLabels: readonly string[] | undefined;
  pending: boolean;
  error: unknown;
  /** Called as the dialog opens: a failure from an earlier opening no longer applies. */
  onOpen: () => void;
  onMove: (label: string, comment: string) => Promise<void>;
}) {
  const [open, setOpen] = React.useState(false);
  const existing = sortLabels(Object.keys(prompt.labels));
  const choices = existing.includes(PRODUCTION) ? existing : [PRODUCTION, ...existing];
  const [choice, setChoice] = React.useState(PRODUCTION);
  const [newLabel, setNewLabel] = React.useState("");
  const [comment, setComment] = React.useState("");
  const [problem, setProblem] = React.useState<string | null>(null);

  const label = choice === NEW_LABEL ? newLabel.trim() : choice;
  const from = prompt.labels[label] ?? null;
  const ready = choice !== NEW_LABEL || labelProblem(label) === null;
  const already = from === version;
  const isProtected = protectedLabels?.includes(label);

  const reset = () => {
    setChoice(PRODUCTION);
    setNewLabel("");
    setComment("");
    setProblem(null);
  };

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (choice === NEW_LABEL) {
      const found = labelProblem(label) ?? (existing.includes(label) ? `${label} exists: choose it in the list` : null);
      setProblem(found);
      if (found) return;
    }
    try {
      await onMove(label, comment.trim());
      setOpen(false);
      reset();
    } catch {
      // The dialog shows the error and stays open to try again.
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) onOpen();
        else reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={`Move label to version ${version}`}>
          <ArrowRightLeft aria-hidden />
          Move label
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Move a label to version {version}</DialogTitle>
          <DialogDescription>
            Callers who name a label get the version it points at; callers who name none get production.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {error ? <ErrorAlert error={error} title="The label was not moved" /> : null}
          <Field label="Label">
            {(aria) => (
              <Select
                {...aria}
                value={choice}
                onChange={(event) => {
                  setChoice(event.target.value);
                  setProblem(null);
                }}
              >
                {choices.map((name) => (
                  <option key={name} value={name}>
                    {name} {prompt.labels[name] ? `(now ${prompt.labels[name]})` : "(not set)"}
                  </option>
                ))}
                <option value={NEW_LABEL}>A new label…</option>
              </Select>
            )}
          </Field>
          {choice === NEW_LABEL ? (
            <Field
              label="New label"
              required
              description="Lower-case, e.g. staging or canary."
              error={problem ?? undefined}
            >
              {(aria) => (
                <Input
                  {...aria}
                  autoFocus
                  autoCapitalize="none"
                  spellCheck={false}
                  value={newLabel}
                  onChange={(event) => {
                    setNewLabel(event.target.value);
                    setProblem(null);
                  }}
                />
              )}
            </Field>
          ) : null}
          <Field
            label="Comment"
            description={
              isProtected === false
                ? "Optional: recorded with the move."
                : "Optional: why this version. If the label is protected, it starts the review's discussion."
            }
          >
            {(aria) => (
              <Textarea
                {...aria}
                rows={2}
                maxLength={2000}
                value={comment}
                onChange={(event) => setComment(event.target.value)}
              />
            )}
          </Field>
          {ready && label ? (
            <div role="status" className="grid gap-1 rounded-md border bg-muted/40 p-3 text-sm">
              <p className="font-medium">
                {labelImpact({
                  prompt: prompt.name,
                  label,
                  from,
                  to: version,
                  latest: prompt.latest_version?.version ?? null,
                })}
              </p>
              {already ? null : isProtected ? (
                <p className="text-muted-foreground">
                  {label} is protected: this opens a change request, and the label moves once it is approved.
                </p>
              ) : isProtected === undefined ? (
                <p className="text-muted-foreground">
                  If {label} is protected, this opens a change request instead, and the label moves once it is approved.
                </p>
              ) : null}
            </div>
          ) : null}
          <FormDialogFooter
            onCancel={() => setOpen(false)}
            pending={pending || already}
            pendingLabel={already ? `Move ${label}` : "Moving…"}
            submitLabel={isProtected ? "Request review" : `Move ${label || "label"}`}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
