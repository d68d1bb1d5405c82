"use client";

import { History, KeyRound, Pencil, Plus, Send, Trash2, Webhook as WebhookIcon } from "lucide-react";
import * as React from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toast";
import { ApiError, errorMessage } from "@/lib/api/errors";
import type { CurrentUser } from "@/lib/api/types";
import {
  useDeleteWebhook,
  useRotateWebhookSecret,
  useSendTestEvent,
  useUpdateWebhook,
  useWebhooks,
  type Webhook,
} from "./api";
import { WebhookDeliveriesDialog } from "./webhook-deliveries-dialog";
import { WebhookFormDialog } from "./webhook-form-dialog";
import { type ShownSecret, WebhookSecretDialog } from "./webhook-secret-dialog";
import { eventText, lastDeliveryText } from "./webhook-text";

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Where the payloads and signature checks are described, for people setting up a receiver. */
const DOCS_PATH = "docs/webhooks.md";

function WebhookItem({
  webhook,
  isAdmin,
  onSecret,
}: {
  webhook: Webhook;
  isAdmin: boolean;
  onSecret: (shown: ShownSecret) => void;
}) {
  const update = useUpdateWebhook();
  const sendTest = useSendTestEvent();
  const rotate = useRotateWebhookSecret();
  const remove = useDeleteWebhook();
  const last = lastDeliveryText(webhook.last_delivery);
  const switchId = `webhook-active-${webhook.id}`;
  const name = webhook.description ? `${webhook.description} (${webhook.url})` : webhook.url;

  const setActive = (active: boolean) =>
    update.mutate(
      { id: webhook.id, body: { active } },
      {
        onSuccess: () =>
          toast.success(
            active ? `${webhook.url} receives events again.` : `${webhook.url} is paused: it receives nothing.`,
          ),
        onError: (error) => toast.error(`The webhook was not changed: ${errorMessage(error)}`),
      },
    );

  const onSendTest = () =>
    sendTest.mutate(webhook.id, {
      onSuccess: () => toast.success(`A test event is on its way to ${webhook.url}. Its delivery is in the log.`),
      onError: (error) => toast.error(`The test event was not sent: ${errorMessage(error)}`),
    });

  return (
    <li className="grid gap-3 rounded-lg border p-4" aria-label={name}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="grid min-w-0 gap-1">
          <p className="break-all font-mono text-sm font-medium">{webhook.url}</p>
          {webhook.description ? <p className="text-sm text-muted-foreground">{webhook.description}</p> : null}
        </div>
        <div className="flex items-center gap-2">
          <Switch
            id={switchId}
            checked={webhook.active}
            disabled={update.isPending}
            aria-label={`Active: ${webhook.url}`}
            onCheckedChange={setActive}
          />
          <Label htmlFor={switchId} aria-hidden className="text-sm font-normal">
            Active
          </Label>
        </div>
      </div>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-muted-foreground">Team</dt>
        <dd>{webhook.team_id ? (webhook.team_name ?? "A team") : "Whole organization"}</dd>
        <dt className="text-muted-foreground">Last delivery</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <Badge variant={last.variant}>{last.label}</Badge>
          {webhook.last_delivery ? (
            <span className="text-muted-foreground">{dateTimeFormat.format(new Date(webhook.last_delivery.at))}</span>
          ) : null}
        </dd>
        <dt className="text-muted-foreground">Events</dt>
        <dd>
          <ul className="flex flex-wrap gap-1" aria-label="Events">
            {webhook.events.map((event) => (
              <li key={event}>
                <Badge variant="outline" title={event}>
                  {eventText(event).label}
                </Badge>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <div className="flex flex-wrap gap-2">
        <WebhookDeliveriesDialog
          webhook={webhook}
          trigger={
            <Button variant="outline" size="sm" aria-label={`Deliveries to ${webhook.url}`}>
              <History aria-hidden />
              Deliveries
            </Button>
          }
        />
        <Button
          variant="outline"
          size="sm"
          disabled={sendTest.isPending}
          aria-label={`Send test event to ${webhook.url}`}
          onClick={onSendTest}
        >
          <Send aria-hidden />
          {sendTest.isPending ? "Sending…" : "Send test event"}
        </Button>
        <WebhookFormDialog
          webhook={webhook}
          isAdmin={isAdmin}
          trigger={
            <Button variant="outline" size="sm" aria-label={`Edit webhook ${webhook.url}`}>
              <Pencil aria-hidden />
              Edit
            </Button>
          }
        />
        <ConfirmDialog
          trigger={
            <Button variant="outline" size="sm" aria-label={`Rotate secret of ${webhook.url}`}>
              <KeyRound aria-hidden />
              Rotate secret
            </Button>
          }
          title="Replace the signing secret?"
          description="Deliveries are signed with a new secret at once, and the old one stops working: a receiver checking signatures rejects them until it has the new secret, which is shown once."
          confirmLabel="Rotate secret"
          onConfirm={() =>
            rotate.mutateAsync(webhook.id).then(
              ({ secret }) => onSecret({ url: webhook.url, secret, rotated: true }),
              (error: unknown) => toast.error(`The secret was not replaced: ${errorMessage(error)}`),
            )
          }
        />
        <ConfirmDialog
          trigger={
            <Button variant="outline" size="sm" aria-label={`Delete webhook ${webhook.url}`}>
              <Trash2 aria-hidden />
              Delete
            </Button>
          }
          title="Delete this webhook?"
          description={`${webhook.url} receives no more events, and the log of its deliveries is deleted with it. This cannot be undone.`}
          confirmLabel="Delete webhook"
          destructive
          onConfirm={() =>
            remove.mutateAsync(webhook.id).then(
              () => toast.success(`The webhook to ${webhook.url} is deleted.`),
              (error: unknown) => toast.error(`The webhook was not deleted: ${errorMessage(error)}`),
            )
          }
        />
      </div>
    </li>
  );
}

/**
 * Settings → Webhooks: the webhooks the caller manages (admins every one, team owners those of
 * their teams), creating and editing them, their signing secrets, test events and delivery logs.
 */
export function WebhooksSection({ me }: { me: CurrentUser }) {
  const isAdmin = me.role === "admin";
  const webhooks = useWebhooks();
  const [shown, setShown] = React.useState<ShownSecret | null>(null);
  const forbidden = webhooks.error instanceof ApiError && webhooks.error.status === 403;

  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle>Webhooks</CardTitle>
          <CardDescription>
            {isAdmin
              ? "Tell other systems when prompts, reviews, policies or objectives change, across the organization or in one team."
              : "Tell other systems when prompts, reviews, policies or objectives change in the teams you manage."}
          </CardDescription>
        </div>
        {forbidden ? null : (
          <WebhookFormDialog
            isAdmin={isAdmin}
            onCreated={(created) => setShown({ url: created.url, secret: created.secret, rotated: false })}
            trigger={
              <Button>
                <Plus aria-hidden />
                New webhook
              </Button>
            }
          />
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {forbidden ? (
          <Alert>Webhooks are managed by admins and by team owners, for the teams they manage.</Alert>
        ) : webhooks.isError ? (
          <ErrorAlert
            error={webhooks.error}
            title="Webhooks could not be loaded"
            onRetry={() => void webhooks.refetch()}
          />
        ) : !webhooks.data ? (
          <div aria-busy className="grid gap-3">
            <span className="sr-only">Loading webhooks…</span>
            <Skeleton className="h-36" />
            <Skeleton className="h-36" />
          </div>
        ) : webhooks.data.length === 0 ? (
          <EmptyState
            icon={WebhookIcon}
            title="No webhooks yet"
            description={
              <>
                <p>
                  A webhook sends a signed JSON request to an address of yours when something happens here: a prompt
                  version is saved, a label moves, a change request is decided, a policy changes. Use one to start a
                  deployment, post to a chat channel or keep another system in step.
                </p>
                <p className="mt-2">
                  The payload of each event and how to check its signature are in{" "}
                  <code className="font-mono text-xs">{DOCS_PATH}</code> in the SpecHub repository.
                </p>
              </>
            }
          />
        ) : (
          <ul className="grid gap-3" aria-busy={webhooks.isFetching} aria-label="Webhooks">
            {webhooks.data.map((webhook) => (
              <WebhookItem key={webhook.id} webhook={webhook} isAdmin={isAdmin} onSecret={setShown} />
            ))}
          </ul>
        )}
      </CardContent>
      <WebhookSecretDialog shown={shown} onClose={() => setShown(null)} />
    </Card>
  );
}
