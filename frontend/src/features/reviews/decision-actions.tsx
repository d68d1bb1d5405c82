"use client";

import { Check, Undo2, X } from "lucide-react";
import * as React from "react";
import { useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialog } from "@/components/form-dialog";
import { FormDialogFooter } from "@/components/form-footers";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { commentRule, rejectionReasonRule } from "@/lib/api/rules";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type ChangeRequest, useChangeRequestActions } from "./api";
import type { DecisionTextValues } from "./schemas";

/** What approving does, in words: the success toast says it too. */
function approvalOutcome(request: ChangeRequest): string {
  if (request.kind !== "label") return "The change is applied.";
  const prompt = request.prompt?.name ?? "the prompt";
  return request.version
    ? `${request.label} of ${prompt} now points at version ${request.version}.`
    : `${request.label} of ${prompt} is cleared.`;
}

/** A dialog with one text box: a comment that goes with an approval, or the reason for a rejection. */
function TextDialog({
  trigger,
  title,
  description,
  label,
  required,
  maxLength,
  submitLabel,
  pending,
  error,
  onOpen,
  onSubmit,
}: {
  trigger: React.ReactElement;
  title: string;
  description: React.ReactNode;
  label: string;
  required: boolean;
  /** What the API takes: an approval's comment is longer than a rejection's reason. */
  maxLength: number;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onOpen: () => void;
  onSubmit: (text: string) => Promise<unknown>;
}) {
  const [open, setOpen] = React.useState(false);
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) onOpen();
      }}
      trigger={trigger}
      title={title}
      description={description}
    >
      <TextForm
        label={label}
        required={required}
        maxLength={maxLength}
        submitLabel={submitLabel}
        pending={pending}
        error={error}
        onCancel={() => setOpen(false)}
        onSubmit={async (text) => {
          await onSubmit(text);
          setOpen(false);
        }}
      />
    </FormDialog>
  );
}

/** The dialog's form; it mounts with each opening, so every decision starts from an empty box. */
function TextForm({
  label,
  required,
  maxLength,
  submitLabel,
  pending,
  error,
  onCancel,
  onSubmit,
}: {
  label: string;
  required: boolean;
  maxLength: number;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onSubmit: (text: string) => Promise<unknown>;
}) {
  const form = useForm<DecisionTextValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.decisionTextSchema(required))),
    defaultValues: { text: "" },
  });
  const { errors } = form.formState;
  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={form.handleSubmit(async (values) => {
        try {
          await onSubmit(values.text);
        } catch {
          // Shown in the dialog, which stays open.
        }
      })}
    >
      {error ? <ErrorAlert error={error} /> : null}
      <Field label={label} required={required} error={errors.text?.message}>
        {(aria) => <Textarea {...aria} rows={3} maxLength={maxLength} {...form.register("text")} />}
      </Field>
      <FormDialogFooter onCancel={onCancel} pending={pending} submitLabel={submitLabel} pendingLabel="Working…" />
    </form>
  );
}

/**
 * Approve, reject and withdraw, each shown only to those the API says may (`can_*`). A stale
 * request is approved only on purpose: "Approve anyway" says what moved and sends `confirm_stale`.
 */
export function DecisionActions({ request }: { request: ChangeRequest }) {
  const { approve, reject, withdraw } = useChangeRequestActions(request.id);
  const stale = request.state === "stale";
  const reset = () => {
    approve.reset();
    reject.reset();
    withdraw.reset();
  };

  if (!request.can_approve && !request.can_reject && !request.can_withdraw) return null;

  return (
    <div className="grid gap-3">
      {withdraw.error ? <ErrorAlert error={withdraw.error} title="The request was not withdrawn" /> : null}
      <div className="flex flex-wrap gap-2">
        {request.can_approve ? (
          <TextDialog
            trigger={
              <Button>
                <Check aria-hidden />
                {stale ? "Approve anyway" : "Approve"}
              </Button>
            }
            title={stale ? "Approve anyway?" : "Approve this change?"}
            description={
              stale
                ? `What this request was based on has changed since. ${approvalOutcome(request)}`
                : `${approvalOutcome(request)} It applies at once.`
            }
            label="Comment (optional)"
            required={false}
            maxLength={commentRule.maxLength}
            submitLabel={stale ? "Approve anyway" : "Approve"}
            pending={approve.isPending}
            error={approve.error}
            onOpen={reset}
            onSubmit={(comment) =>
              approve
                .mutateAsync({ ...(comment ? { comment } : {}), ...(stale ? { confirm_stale: true } : {}) })
                .then(() => toast.success(`Approved: ${approvalOutcome(request)}`))
            }
          />
        ) : null}
        {request.can_reject ? (
          <TextDialog
            trigger={
              <Button variant="outline">
                <X aria-hidden />
                Reject
              </Button>
            }
            title="Reject this change?"
            description="Nothing changes. The author sees your reason."
            label="Reason"
            required
            maxLength={rejectionReasonRule.maxLength}
            submitLabel="Reject"
            pending={reject.isPending}
            error={reject.error}
            onOpen={reset}
            onSubmit={(reason) => reject.mutateAsync(reason).then(() => toast.success("Rejected: nothing changes."))}
          />
        ) : null}
        {request.can_withdraw ? (
          <ConfirmDialog
            trigger={
              <Button variant="outline">
                <Undo2 aria-hidden />
                Withdraw
              </Button>
            }
            title="Withdraw this change request?"
            description="Nothing changes, and reviewers no longer see it waiting. You can propose the change again later."
            confirmLabel="Withdraw"
            destructive
            onConfirm={() => {
              reset();
              return withdraw.mutateAsync().then(() => toast.success("Withdrawn: nothing changes."));
            }}
          />
        ) : null}
      </div>
    </div>
  );
}
