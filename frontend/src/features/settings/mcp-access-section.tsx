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

const ANONYMOUS_ON =
  "IDEs that connect without signing in or an API key will list, search and expand every public prompt and workflow, with no policies or objectives applied, and nothing tells who they are. They are no longer asked to sign in; signed-in IDEs and API keys work as before.";

/** Who may use /mcp without credentials (admins only). */
export function McpAccessSection() {
  return (
    <OrgSettingsLoader subject="MCP access" skeletonHeights={["h-36"]}>
      {(settings) => <AnonymousAccess settings={settings} />}
    </OrgSettingsLoader>
  );
}

function AnonymousAccess({ settings }: { settings: OrgSettings }) {
  const update = useUpdateOrgSettings();
  const [confirm, setConfirm] = React.useState(false);
  const switchRef = React.useRef<HTMLButtonElement>(null);
  const on = settings.mcp_anonymous_access;
  const save = (next: boolean) =>
    update
      .mutateAsync({ mcp_anonymous_access: next })
      .then(() =>
        toast.success(
          next
            ? "Anonymous MCP access is on: IDEs without credentials get the public prompts."
            : "Anonymous MCP access is off: IDEs without credentials are asked to sign in.",
        ),
      );

  return (
    <Card>
      <CardHeader>
        <CardTitle>Anonymous MCP access</CardTitle>
        <CardDescription>
          An IDE that connects to /mcp without credentials is, by default, asked to sign in through the browser, so it
          works as someone, under their governance. Turning this on serves such IDEs the public prompts and workflows
          instead, without policies, for anyone who can reach this site.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        {update.error ? <ErrorAlert error={update.error} title="Anonymous MCP access was not changed" /> : null}
        <div className="flex items-start gap-3">
          <Switch
            ref={switchRef}
            id="mcp-anonymous-access"
            checked={on}
            disabled={update.isPending}
            aria-describedby="mcp-anonymous-access-help"
            onCheckedChange={(next) => {
              update.reset();
              if (next) setConfirm(true);
              else void save(false).catch(() => undefined);
            }}
          />
          <div className="grid gap-1">
            <Label htmlFor="mcp-anonymous-access">
              Anonymous MCP access: serve public prompts to IDEs without signing in
            </Label>
            <p id="mcp-anonymous-access-help" className="text-xs text-muted-foreground">
              {on
                ? "On: IDEs without credentials get the public prompts and workflows, with no policies applied."
                : "Off: IDEs without credentials are answered 401 and sign in through the browser."}
            </p>
          </div>
        </div>
        <ConfirmChangeDialog
          open={confirm}
          onClose={() => setConfirm(false)}
          title="Serve public prompts without signing in?"
          summary={ANONYMOUS_ON}
          confirmLabel="Turn anonymous access on"
          onConfirm={() => save(true)}
          returnFocusTo={switchRef}
        />
      </CardContent>
    </Card>
  );
}
