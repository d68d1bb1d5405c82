"use client";

import { useForm, useWatch } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { commentRule } from "@/lib/api/rules";
import { labelProblem, PRODUCTION, sortLabels } from "@/lib/labels";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import type { Prompt } from "./api";
import { labelImpact, NEW_LABEL } from "./labels";
import type { MoveLabelValues } from "./schemas";

export type MoveLabelProps = {
  prompt: Prompt;
  version: string;
  /** Known to admins only; undefined when the page cannot tell. */
  protectedLabels: readonly string[] | undefined;
  pending: boolean;
  error: unknown;
  onMove: (label: string, comment: string) => Promise<void>;
};

/** The dialog's form; it mounts with each opening, so every move starts from production. */
export function MoveLabelForm({
  prompt,
  version,
  protectedLabels,
  pending,
  error,
  onMove,
  onDone,
}: MoveLabelProps & { onDone: () => void }) {
  const existing = sortLabels(Object.keys(prompt.labels));
  const choices = existing.includes(PRODUCTION) ? existing : [PRODUCTION, ...existing];
  const form = useForm<MoveLabelValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.moveLabelSchema(existing))),
    defaultValues: { choice: PRODUCTION, new_label: "", comment: "" },
  });
  const { errors } = form.formState;
  const [choice, newLabel] = useWatch({ control: form.control, name: ["choice", "new_label"] });

  const label = choice === NEW_LABEL ? newLabel.trim() : choice;
  const from = prompt.labels[label] ?? null;
  const ready = choice !== NEW_LABEL || labelProblem(label) === null;
  const already = from === version;
  const isProtected = protectedLabels?.includes(label);

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await onMove(label, values.comment.trim());
      onDone();
    } catch {
      // The dialog shows the error and stays open to try again.
    }
  });

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4">
      {error ? <ErrorAlert error={error} title="The label was not moved" /> : null}
      <Field label="Label">
        {(aria) => (
          <Select {...aria} {...form.register("choice")}>
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
          error={errors.new_label?.message}
        >
          {(aria) => (
            <Input {...aria} autoFocus autoCapitalize="none" spellCheck={false} {...form.register("new_label")} />
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
        {(aria) => <Textarea {...aria} rows={2} maxLength={commentRule.maxLength} {...form.register("comment")} />}
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
        onCancel={onDone}
        pending={pending || already}
        pendingLabel={already ? `Move ${label}` : "Moving…"}
        submitLabel={isProtected ? "Request review" : `Move ${label || "label"}`}
      />
    </form>
  );
}
