"use client";

import { Pencil } from "lucide-react";
import dynamic from "next/dynamic";
import * as React from "react";
import { FormDialog } from "@/components/form-dialog";
import { FormSkeleton } from "@/components/form-skeleton";
import { Button } from "@/components/ui/button";
import type { Prompt } from "./api";

/** The form loads when the dialog opens: the prompt page needs none of its code before that. */
const PromptDetailsForm = dynamic(() => import("./prompt-details-form").then((module) => module.PromptDetailsForm), {
  loading: () => <FormSkeleton />,
});

/** Changes what a prompt is described as and who may see it; its versions stay as they are. */
export function PromptDetailsDialog({ prompt, onSaved }: { prompt: Prompt; onSaved: () => void }) {
  const [open, setOpen] = React.useState(false);
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="outline">
          <Pencil aria-hidden />
          Edit details
        </Button>
      }
      title={`Edit ${prompt.name}`}
      description="The name and versions stay as they are."
    >
      <PromptDetailsForm
        prompt={prompt}
        onSaved={() => {
          setOpen(false);
          onSaved();
        }}
        onCancel={() => setOpen(false)}
      />
    </FormDialog>
  );
}
