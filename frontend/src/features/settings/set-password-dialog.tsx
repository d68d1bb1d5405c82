"use client";

import { KeyRound } from "lucide-react";
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
import type { SetPasswordValues } from "./user-admin-schemas";

const defaults: SetPasswordValues = { password: "", confirm: "" };

/**
 * An admin sets a new password for someone who forgot theirs (or never had one). Not for the
 * admin's own account: that needs the current password, on the Profile tab.
 */
export function SetPasswordDialog({ user, onSaved }: { user: User; onSaved: (notice: string) => void }) {
  const [open, setOpen] = React.useState(false);
  const update = useUpdateUser();
  const name = user.display_name || user.username;
  const form = useForm<SetPasswordValues>({
    resolver: useLazyZodResolver(() => import("./user-admin-schemas").then((schemas) => schemas.setPasswordSchema)),
    defaultValues: defaults,
  });
  const { errors } = form.formState;

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset(defaults);
      update.reset();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit((values) =>
    update.mutate(
      { userId: user.id, body: { password: values.password } },
      {
        onSuccess: () => {
          setOpen(false);
          onSaved(`${name} has a new password.`);
        },
        onError: (error) => applyServerErrors(error, form.setError, ["password"]),
      },
    ),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Set a new password for ${name}`} title="Set a new password">
          <KeyRound aria-hidden />
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New password for {name}</DialogTitle>
          <DialogDescription>
            Their old password stops working. Give them the new one in person or through a channel you trust.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {update.error ? <ErrorAlert error={update.error} title="The password was not changed" /> : null}
          <Field label="New password" description="At least 8 characters." error={errors.password?.message}>
            {(control) => (
              <Input
                {...control}
                type="password"
                autoFocus
                autoComplete="new-password"
                {...form.register("password")}
              />
            )}
          </Field>
          <Field label="Confirm new password" error={errors.confirm?.message}>
            {(control) => (
              <Input {...control} type="password" autoComplete="new-password" {...form.register("confirm")} />
            )}
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={update.isPending}>
              {update.isPending ? "Saving…" : "Set password"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
