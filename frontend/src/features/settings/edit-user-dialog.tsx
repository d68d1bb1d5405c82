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
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type User, useUpdateUser } from "./api";
import type { EditUserValues } from "./user-admin-schemas";
import { toEditUserBody } from "./user-admin-values";

const FIELDS = ["display_name", "email"] as const;

/** An admin changes someone's display name and email; `onSaved` hears the confirmation to show. */
export function EditUserDialog({ user, onSaved }: { user: User; onSaved: (notice: string) => void }) {
  const [open, setOpen] = React.useState(false);
  const name = user.display_name || user.username;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Edit ${name}`} title="Edit name and email">
          <Pencil aria-hidden />
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit {name}</DialogTitle>
          <DialogDescription>
            @{user.username} signs in with their username or this email. Usernames cannot change.
          </DialogDescription>
        </DialogHeader>
        <EditUserForm
          user={user}
          onCancel={() => setOpen(false)}
          onSaved={(notice) => {
            setOpen(false);
            onSaved(notice);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

/**
 * The dialog's form. It mounts with each opening, so it starts from the user as they are now and
 * checks the email by whether they have one now.
 */
function EditUserForm({
  user,
  onCancel,
  onSaved,
}: {
  user: User;
  onCancel: () => void;
  onSaved: (notice: string) => void;
}) {
  const update = useUpdateUser();
  const hasEmail = Boolean(user.email);
  const form = useForm<EditUserValues>({
    resolver: useLazyZodResolver(() =>
      import("./user-admin-schemas").then((schemas) => schemas.editUserSchema({ hasEmail })),
    ),
    defaultValues: { display_name: user.display_name ?? "", email: user.email ?? "" },
  });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit((values) =>
    update.mutate(
      { userId: user.id, body: toEditUserBody(values) },
      {
        onSuccess: (saved) => onSaved(`${saved.display_name || saved.username}'s details are saved.`),
        onError: (error) => applyServerErrors(error, form.setError, FIELDS),
      },
    ),
  );

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4">
      {update.error ? <ErrorAlert error={update.error} title="The user was not changed" /> : null}
      <Field label="Display name" error={errors.display_name?.message}>
        {(control) => <Input {...control} autoFocus autoComplete="off" {...form.register("display_name")} />}
      </Field>
      <Field
        label="Email"
        required={hasEmail}
        description={hasEmail ? "It can be changed, not removed." : undefined}
        error={errors.email?.message}
      >
        {(control) => <Input {...control} type="email" autoComplete="off" {...form.register("email")} />}
      </Field>
      <DialogFooter>
        <Button variant="outline" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </Button>
      </DialogFooter>
    </form>
  );
}
