"use client";

import { Plus } from "lucide-react";
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
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type PromptVersion, usePromptActions } from "./api";
import { formFieldFor, toVersionBody, VERSION_FIELDS, versionFormDefaults } from "./form-values";
import type { VersionFormValues } from "./schemas";
import { VersionFields } from "./version-fields";

/** Adds a version, prefilled from the latest so a small change is a small edit. */
export function NewVersionDialog({
  name,
  latest,
  onCreated,
}: {
  name: string;
  latest: PromptVersion | null;
  onCreated: (version: PromptVersion) => void;
}) {
  const [open, setOpen] = React.useState(false);
  const { addVersion } = usePromptActions(name);
  const form = useForm<VersionFormValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.versionFormSchema)),
    defaultValues: versionFormDefaults(latest),
  });

  const onOpenChange = (next: boolean) => {
    // Each opening starts from the current latest version, not from an abandoned draft.
    if (next) {
      form.reset(versionFormDefaults(latest));
      addVersion.reset();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit((values) =>
    addVersion.mutate(toVersionBody(values), {
      onSuccess: (version) => {
        setOpen(false);
        onCreated(version);
      },
      onError: (error) => applyServerErrors(error, form.setError, VERSION_FIELDS, formFieldFor),
    }),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          New version
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-3xl">
        <DialogHeader>
          <DialogTitle>New version of {name}</DialogTitle>
          <DialogDescription>
            {latest ? `Prefilled from version ${latest.version}. ` : null}
            Unless a version is pinned, the new version is served as soon as it is saved.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {addVersion.error ? <ErrorAlert error={addVersion.error} title="The version was not saved" /> : null}
          <VersionFields control={form.control} errors={form.formState.errors} />
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={addVersion.isPending}>
              {addVersion.isPending ? "Saving…" : "Save version"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
