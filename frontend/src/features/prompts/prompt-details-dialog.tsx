"use client";

import { Pencil } from "lucide-react";
import * as React from "react";
import { useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { VisibilityOptions, visibilityDescription } from "@/components/visibility";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type Prompt, usePromptActions } from "./api";
import { PROMPT_DETAILS_FIELDS, toPromptDetailsBody } from "./form-values";
import type { PromptDetailsValues } from "./schemas";

const defaults = (prompt: Prompt): PromptDetailsValues => ({
  description: prompt.description ?? "",
  visibility: prompt.visibility,
});

/** Changes what a prompt is described as and who may see it; its versions stay as they are. */
export function PromptDetailsDialog({ prompt, onSaved }: { prompt: Prompt; onSaved: () => void }) {
  const [open, setOpen] = React.useState(false);
  const { updateDetails } = usePromptActions(prompt.name);
  const form = useForm<PromptDetailsValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.promptDetailsSchema)),
    defaultValues: defaults(prompt),
  });
  const { errors } = form.formState;

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset(defaults(prompt));
      updateDetails.reset();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await updateDetails.mutateAsync(toPromptDetailsBody(values));
      setOpen(false);
      onSaved();
    } catch (error) {
      applyServerErrors(error, form.setError, PROMPT_DETAILS_FIELDS);
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Pencil aria-hidden />
          Edit details
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Edit {prompt.name}</DialogTitle>
          <DialogDescription>The name and versions stay as they are.</DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {updateDetails.error ? <ErrorAlert error={updateDetails.error} title="The details were not saved" /> : null}
          <Field label="Description" error={errors.description?.message}>
            {(aria) => <Textarea {...aria} rows={3} {...form.register("description")} />}
          </Field>
          <Field
            label="Visibility"
            description={visibilityDescription(form.watch("visibility"))}
            error={errors.visibility?.message}
          >
            {(aria) => (
              <Select {...aria} {...form.register("visibility")}>
                <VisibilityOptions />
              </Select>
            )}
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={updateDetails.isPending}>
              {updateDetails.isPending ? "Saving…" : "Save details"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
