"use client";

import { Plus } from "lucide-react";
import dynamic from "next/dynamic";
import * as React from "react";
import { FormDialog } from "@/components/form-dialog";
import { FormSkeleton } from "@/components/form-skeleton";
import { Button } from "@/components/ui/button";
import type { Prompt, PromptVersion } from "./api";

/** The form loads when the dialog opens: the prompt page needs none of its code before that. */
const NewVersionForm = dynamic(() => import("./new-version-form").then((module) => module.NewVersionForm), {
  loading: () => <FormSkeleton fields={4} />,
});

/** Adds a version, prefilled from the latest so a small change is a small edit. */
export function NewVersionDialog({
  name,
  latest,
  onCreated,
}: {
  name: string;
  latest: Prompt["latest_version"];
  onCreated: (version: PromptVersion) => void;
}) {
  const [open, setOpen] = React.useState(false);
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        <Button>
          <Plus aria-hidden />
          New version
        </Button>
      }
      title={`New version of ${name}`}
      description={
        <>
          {latest ? `Prefilled from version ${latest.version}. ` : null}
          Unless a version is pinned, the new version is served as soon as it is saved.
        </>
      }
      className="max-w-6xl"
    >
      <NewVersionForm
        name={name}
        latest={latest}
        onCreated={(version) => {
          setOpen(false);
          onCreated(version);
        }}
        onCancel={() => setOpen(false)}
      />
    </FormDialog>
  );
}
