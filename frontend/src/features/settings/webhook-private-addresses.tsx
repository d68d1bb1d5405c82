"use client";

import * as React from "react";
import { ConfirmChangeDialog } from "@/components/confirm-change-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/toast";
import { type OrgSettings, useUpdateOrgSettings } from "./api";
import { OrgSettingsLoader } from "./org-settings-loader";

const PRIVATE_ON =
  "Webhooks may then send requests, from the SpecHub server, to plain http addresses and to addresses inside your network: localhost, private ranges such as 10.0.0.0/8 and link-local ones such as the cloud metadata service at 169.254.169.254. Anyone who can create a webhook (admins and team owners) could use that to reach internal services the server can reach. Turn it on only where SpecHub runs in a network you trust, e.g. to deliver to an internal CI server.";

/** Whether webhooks may deliver to private addresses and plain http (admins only). */
export function WebhookPrivateAddressesSection() {
  return (
    <OrgSettingsLoader subject="webhook" skeletonHeights={["h-36"]}>
      {(settings) => <PrivateAddresses settings={settings} />}
    </OrgSettingsLoader>
  );
}

function PrivateAddresses({ settings }: { settings: OrgSettings }) {
  const update = useUpdateOrgSettings();
  const [confirm, setConfirm] = React.useState(false);
  const switchRef = React.useRef<HTMLButtonElement>(null);
  const on = settings.webhooks_allow_private;
  const save = (next: boolean) =>
    update
      .mutateAsync({ webhooks_allow_private: next })
      .then(() =>
        toast.success(
          next
            ? "Webhooks may now deliver to private addresses and plain http."
            : "Webhooks deliver only to public https addresses again.",
        ),
      );

  return (
    <Card>
      <CardHeader>
        <CardTitle>Private addresses</CardTitle>
        <CardDescription>
          By default webhooks deliver only to public https addresses, so a webhook cannot be used to reach services
          inside the network the SpecHub server runs in.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {update.error ? <ErrorAlert error={update.error} title="The setting was not changed" /> : null}
        <div className="flex items-start gap-3">
          <Switch
            ref={switchRef}
            id="webhooks-allow-private"
            checked={on}
            disabled={update.isPending}
            aria-describedby="webhooks-allow-private-help"
            onCheckedChange={(next) => {
              update.reset();
              if (next) setConfirm(true);
              else void save(false).catch(() => undefined);
            }}
          />
          <div className="grid gap-1">
            <Label htmlFor="webhooks-allow-private">Allow webhooks to private addresses</Label>
            <p id="webhooks-allow-private-help" className="text-xs text-muted-foreground">
              {on
                ? "On: webhooks may deliver to plain http, localhost and private or link-local addresses."
                : "Off: addresses that are plain http or resolve to a private, loopback or link-local address are refused."}
            </p>
          </div>
        </div>
        <ConfirmChangeDialog
          open={confirm}
          onClose={() => setConfirm(false)}
          title="Allow webhooks to private addresses?"
          summary={PRIVATE_ON}
          confirmLabel="Allow private addresses"
          onConfirm={() => save(true)}
          returnFocusTo={switchRef}
        />
      </CardContent>
    </Card>
  );
}
