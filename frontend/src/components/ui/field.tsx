import * as React from "react";
import { Label } from "@/components/ui/label";
import { hintRepeatsError } from "@/lib/field-hint";
import { cn } from "@/lib/utils";

type ControlProps = {
  id: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
  "aria-required"?: boolean;
};

type FieldProps = {
  label: React.ReactNode;
  /** Help text under the control, linked to it with aria-describedby. */
  description?: React.ReactNode;
  /** Validation message; marks the control aria-invalid and is announced with it. */
  error?: string;
  required?: boolean;
  className?: string;
  /**
   * Receives the id and ARIA attributes to spread on the control, so label and messages are
   * wired for you. A control that is not a form element (a code editor) cannot be named by
   * <label for>: give it `aria-labelledby={labelId}`.
   */
  children: (control: ControlProps, extra: { labelId: string }) => React.ReactNode;
};

/** A labelled form control with optional help text and error message. */
export function Field({ label, description, error, required, className, children }: FieldProps) {
  const id = React.useId();
  // While the error repeats the help text (a password's minimum length), show the error alone.
  const hint = hintRepeatsError(description, error) ? undefined : description;
  const descriptionId = hint ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("grid content-start gap-1.5", className)}>
      <Label htmlFor={id} id={`${id}-label`}>
        {label}
        {required ? (
          <span aria-hidden className="text-destructive">
            {" "}
            *
          </span>
        ) : null}
      </Label>
      {children(
        {
          id,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": describedBy,
          "aria-required": required || undefined,
        },
        { labelId: `${id}-label` },
      )}
      {hint ? (
        <p id={descriptionId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
