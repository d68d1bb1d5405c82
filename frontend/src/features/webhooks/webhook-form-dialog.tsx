"use client";

import * as React from "react";
import { Controller, useForm } from "react-hook-form";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { TeamChoice } from "@/components/team-choice";
import { Checkbox } from "@/components/ui/checkbox";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toast";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type CreatedWebhook, useCreateWebhook, useOnlyManagedTeam, useUpdateWebhook, type Webhook } from "./api";
import type { WebhookFormValues } from "./schemas";
import { refusedUrlMessage } from "./server-errors";
import { eventText, SUBSCRIBABLE_EVENTS } from "./webhook-text";

const FIELDS = ["url", "description", "team_id", "events", "active"] as const;
// `events[2]` (one bad entry) belongs to the events fieldset.
const toField = (path: string) => path.replace(/\[\d+\]$/, "");

function initialValues(webhook: Webhook | undefined, defaultTeamId: string): WebhookFormValues {
  if (!webhook) return { url: "", description: "", team_id: defaultTeamId, events: [], active: true };
  return {
    url: webhook.url,
    description: webhook.description ?? "",
    team_id: webhook.team_id ?? "",
    events: webhook.events,
    active: webhook.active,
  };
}

/**
 * Creates a webhook, or edits `webhook`. Its team is found among the teams the caller manages;
 * admins may also choose the whole organization. A webhook's team is fixed once created.
 */
export function WebhookFormDialog({
  webhook,
  trigger,
  isAdmin,
  onCreated,
}: {
  webhook?: Webhook;
  trigger: React.ReactElement;
  isAdmin: boolean;
  onCreated?: (created: CreatedWebhook) => void;
}) {
  const [open, setOpen] = React.useState(false);
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const mutation = webhook ? update : create;
  const [formError, setFormError] = React.useState<unknown>(null);
  // A team owner with a single team has nothing to choose.
  const onlyTeam = useOnlyManagedTeam(!isAdmin && !webhook);
  const defaultTeamId = onlyTeam.data?.id ?? "";
  const form = useForm<WebhookFormValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.webhookFormSchema(!isAdmin))),
    defaultValues: initialValues(webhook, defaultTeamId),
  });
  const { errors } = form.formState;

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset(initialValues(webhook, defaultTeamId));
      create.reset();
      update.reset();
      setFormError(null);
    }
    setOpen(next);
  };

  const onError = (error: unknown) => {
    const refused = refusedUrlMessage(error);
    if (refused) {
      form.setError("url", { type: "server", message: refused }, { shouldFocus: true });
      return;
    }
    if (!applyServerErrors(error, form.setError, FIELDS, toField)) setFormError(error);
  };

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    const common = {
      url: values.url.trim(),
      events: values.events,
      description: values.description.trim() || null,
      active: values.active,
    };
    if (webhook) {
      update.mutate(
        { id: webhook.id, body: common },
        {
          onSuccess: () => {
            setOpen(false);
            toast.success("The webhook is saved.");
          },
          onError,
        },
      );
    } else {
      create.mutate(
        { ...common, team_id: values.team_id || null },
        {
          onSuccess: (created) => {
            setOpen(false);
            onCreated?.(created);
          },
          onError,
        },
      );
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{webhook ? "Edit webhook" : "New webhook"}</DialogTitle>
          <DialogDescription>
            SpecHub sends a signed POST request to this address whenever one of the chosen events happens.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {formError ? (
            <ErrorAlert
              error={formError}
              title={webhook ? "The webhook was not saved" : "The webhook was not created"}
            />
          ) : null}
          <Field
            label="Payload URL"
            required
            description="https, reachable from the SpecHub server. Plain http and private addresses only when an admin allows them."
            error={errors.url?.message}
          >
            {(control) => (
              <Input
                {...control}
                type="url"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder="https://example.com/hooks/spechub"
                autoFocus
                {...form.register("url")}
              />
            )}
          </Field>
          <Field
            label="Description"
            description="Optional: what receives these events."
            error={errors.description?.message}
          >
            {(control) => <Textarea {...control} rows={2} className="min-h-0" {...form.register("description")} />}
          </Field>
          {webhook ? (
            <Field label="Team" description="A webhook's team cannot change; create another webhook for another team.">
              {(control) => (
                <Input
                  {...control}
                  disabled
                  value={webhook.team_id ? (webhook.team_name ?? "A team") : "Whole organization"}
                />
              )}
            </Field>
          ) : (
            <Controller
              control={form.control}
              name="team_id"
              render={({ field }) => (
                <TeamChoice
                  legend="Team"
                  searchLabel="Find a team for the webhook"
                  description={
                    isAdmin
                      ? "Team webhooks receive only events in that team and the teams below it."
                      : "One of the teams you manage: it receives only events in that team and the teams below it."
                  }
                  emptyLabel={isAdmin ? "Whole organization" : undefined}
                  managed
                  value={field.value}
                  onChange={(teamId) => field.onChange(teamId)}
                  error={errors.team_id?.message}
                />
              )}
            />
          )}
          <fieldset className="grid gap-2" aria-describedby={errors.events ? "webhook-events-error" : undefined}>
            <legend className="mb-1 text-sm font-medium">
              Events
              <span aria-hidden className="text-destructive">
                {" "}
                *
              </span>
            </legend>
            <Controller
              control={form.control}
              name="events"
              render={({ field }) => (
                <div className="grid gap-2 sm:grid-cols-2">
                  {SUBSCRIBABLE_EVENTS.map((event) => {
                    const id = `webhook-event-${event.replace(".", "-")}`;
                    const text = eventText(event);
                    return (
                      <div key={event} className="flex items-start gap-2">
                        <Checkbox
                          id={id}
                          className="mt-0.5 shrink-0"
                          checked={field.value.includes(event)}
                          onChange={(change) =>
                            field.onChange(
                              change.target.checked
                                ? [...field.value, event]
                                : field.value.filter((value) => value !== event),
                            )
                          }
                        />
                        <Label htmlFor={id} className="grid gap-0.5 font-normal">
                          <span className="font-medium">{text.label}</span>
                          <span className="text-xs text-muted-foreground">{text.description}</span>
                        </Label>
                      </div>
                    );
                  })}
                </div>
              )}
            />
            {errors.events ? (
              <p id="webhook-events-error" className="text-xs font-medium text-destructive">
                {errors.events.message}
              </p>
            ) : null}
          </fieldset>
          <Controller
            control={form.control}
            name="active"
            render={({ field }) => (
              <div className="flex items-start gap-3">
                <Switch
                  id="webhook-active"
                  checked={field.value}
                  onCheckedChange={field.onChange}
                  aria-describedby="webhook-active-help"
                />
                <div className="grid gap-1">
                  <Label htmlFor="webhook-active">Active</Label>
                  <p id="webhook-active-help" className="text-xs text-muted-foreground">
                    An inactive webhook keeps its settings and log but receives nothing.
                  </p>
                </div>
              </div>
            )}
          />
          <FormDialogFooter
            onCancel={() => onOpenChange(false)}
            pending={mutation.isPending}
            submitLabel={webhook ? "Save webhook" : "Create webhook"}
            pendingLabel={webhook ? "Saving…" : "Creating…"}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
