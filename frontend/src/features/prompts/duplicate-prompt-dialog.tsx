"use client";

import { CopyPlus } from "lucide-react";
import dynamic from "next/dynamic";
import * as React from "react";
import { FormDialog } from "@/components/form-dialog";
import { FormSkeleton } from "@/components/form-skeleton";
import { Button } from "@/components/ui/button";
import type { Prompt, PromptVersion } from "./api";

/** The form loads when the dialog opens: the prompt page needs none of its code before that. */
const DuplicatePromptForm = dynamic(
  () => import("./duplicate-prompt-form").then((module) => module.DuplicatePromptForm),
  { loading: () => <FormSkeleton fields={3} /> },
);

/** Makes a new prompt, owned by the caller, from one version of this one; then opens it. */
export function DuplicatePromptDialog({ prompt, versions }: { prompt: Prompt; versions: PromptVersion[] | undefined }) {
  const [open, setOpen] = React.useState(false);
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button variant="outline" disabled={!versions?.length}>
          <CopyPlus aria-hidden />
          Duplicate
        </Button>
      }
      title={`Duplicate ${prompt.name}`}
      description="A new prompt with the chosen version's templates, input schema and tags, and this prompt's description. You own the copy; labels, shares and history stay with the original."
    >
      {versions?.length ? (
        <DuplicatePromptForm prompt={prompt} versions={versions} onCancel={() => setOpen(false)} />
      ) : null}
    </FormDialog>
  );
}
