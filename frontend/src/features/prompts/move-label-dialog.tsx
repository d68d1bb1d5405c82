"use client";

import { ArrowRightLeft } from "lucide-react";
import dynamic from "next/dynamic";
import * as React from "react";
import { FormDialog } from "@/components/form-dialog";
import { FormSkeleton } from "@/components/form-skeleton";
import { Button } from "@/components/ui/button";
import type { MoveLabelProps } from "./move-label-form";

/** The form loads when the dialog opens: the prompt page needs none of its code before that. */
const MoveLabelForm = dynamic(() => import("./move-label-form").then((module) => module.MoveLabelForm), {
  loading: () => <FormSkeleton fields={2} />,
});

/**
 * Points a label (an existing one, or a new one typed in) at `version`. The dialog is the
 * confirmation: before anything moves it says what callers will get instead of what.
 */
export function MoveLabelDialog({
  onOpen,
  ...props
}: MoveLabelProps & {
  /** Called as the dialog opens: a failure from an earlier opening no longer applies. */
  onOpen: () => void;
}) {
  const [open, setOpen] = React.useState(false);
  return (
    <FormDialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) onOpen();
      }}
      trigger={
        <Button variant="outline" size="sm" aria-label={`Move label to version ${props.version}`}>
          <ArrowRightLeft aria-hidden />
          Move label
        </Button>
      }
      title={`Move a label to version ${props.version}`}
      description="Callers who name a label get the version it points at; callers who name none get production."
    >
      <MoveLabelForm {...props} onDone={() => setOpen(false)} />
    </FormDialog>
  );
}
