"use client";

import { PlugZap } from "lucide-react";
import * as React from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { type Grant, useGrants, useRevokeGrant } from "@/features/oauth/api";
import { appName, scopeText, sortScopes, webHost } from "@/lib/oauth-text";
import { mcpSnippets } from "./mcp-config";
import { McpSetup } from "./mcp-setup";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** How to connect an IDE: by default it signs in through the browser, so the configuration holds no secret. */
function ConnectYourIde() {
  const [origin, setOrigin] = React.useState("");
  // The address people reach this site at, as their browser sees it (not the backend's).
  React.useEffect(() => setOrigin(window.location.origin), []);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Connect your IDE</CardTitle>
        <CardDescription>
          Add SpecHub to your IDE as below. The first time it connects, it opens your browser: sign in, approve, and the
          IDE is connected as you. Nothing secret goes in the configuration. An IDE that cannot open a browser can use
          an API key instead (API keys tab); the dialog showing a new key gives this configuration with the key in it.
        </CardDescription>
      </CardHeader>
      <CardContent>{origin ? <McpSetup snippets={mcpSnippets(origin)} /> : <Skeleton className="h-24" />}</CardContent>
    </Card>
  );
}

function GrantRow({ grant, onRevoke }: { grant: Grant; onRevoke: (grant: Grant, name: string) => Promise<unknown> }) {
  // An app that published its details at an https address is that site's; otherwise, the site it claims.
  const site = webHost(grant.client_id) ?? webHost(grant.client_uri);
  const name = appName(grant.client_name, site);
  return (
    <TableRow>
      <TableCell>
        <div className="font-medium">{name}</div>
        {site ? <div className="font-mono text-xs text-muted-foreground">{site}</div> : null}
      </TableCell>
      <TableCell>
        <ul className="grid gap-0.5 text-sm">
          {sortScopes(grant.scopes).map((scope) => (
            <li key={scope}>{scopeText(scope).label}</li>
          ))}
        </ul>
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">
        {dateFormat.format(new Date(grant.created_at))}
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">
        {grant.last_used_at ? dateTimeFormat.format(new Date(grant.last_used_at)) : "Never"}
      </TableCell>
      <TableCell className="text-right">
        <ConfirmDialog
          trigger={
            <Button variant="outline" size="sm" aria-label={`Revoke access of ${name}`}>
              Revoke
            </Button>
          }
          title={`Revoke “${name}”?`}
          description="It is signed out at once, wherever it connected with your account, and its next request to SpecHub fails. To use it again, sign in from the IDE once more."
          confirmLabel="Revoke access"
          destructive
          onConfirm={() => onRevoke(grant, name)}
        />
      </TableCell>
    </TableRow>
  );
}

/** The IDEs the caller let sign in through the browser: what each may do, when it was last used, and revoking one. */
function ConnectedApps() {
  const grants = useGrants();
  const revoke = useRevokeGrant();
  const [notice, setNotice] = React.useState<string | null>(null);

  const onRevoke = (grant: Grant, name: string) =>
    revoke.mutateAsync(grant.id, { onSuccess: () => setNotice(`${name} is disconnected: its access ended.`) });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Connected apps</CardTitle>
        <CardDescription>
          IDEs you signed in through your browser. Each acts as you, limited to what you approved.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {revoke.error ? <ErrorAlert error={revoke.error} title="The app was not disconnected" /> : null}
        {notice ? <Alert variant="success">{notice}</Alert> : null}
        {grants.isError ? (
          <ErrorAlert
            error={grants.error}
            title="Connected apps could not be loaded"
            onRetry={() => void grants.refetch()}
          />
        ) : grants.data && grants.data.length === 0 ? (
          <EmptyState
            icon={PlugZap}
            title="No connected apps"
            description="When you approve an IDE's sign-in in your browser, it is listed here."
          />
        ) : (
          <Table aria-busy={grants.isFetching}>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>App</TableHead>
                <TableHead>Access</TableHead>
                <TableHead>Connected</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {grants.data
                ? grants.data.map((grant) => <GrantRow key={grant.id} grant={grant} onRevoke={onRevoke} />)
                : Array.from({ length: 2 }, (_, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
                    <TableRow key={index}>
                      <TableCell colSpan={5}>
                        {index === 0 ? <span className="sr-only">Loading connected apps…</span> : null}
                        <Skeleton className="h-4 w-full" />
                      </TableCell>
                    </TableRow>
                  ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

/** Settings → Connected apps: how to connect an IDE, and the ones connected. */
export function ConnectedAppsSection() {
  return (
    <div className="grid gap-6">
      <ConnectedApps />
      <ConnectYourIde />
    </div>
  );
}
