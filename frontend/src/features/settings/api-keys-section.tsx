"use client";

import { KeyRound, Plus } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import * as React from "react";
import { Controller, useForm } from "react-hook-form";
import { NEW_API_KEY_PARAM } from "@/components/command-palette/items";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { ErrorAlert } from "@/components/error-alert";
import { FormDialogFooter } from "@/components/form-footers";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
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
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { applyServerErrors } from "@/lib/forms";
import { useLazyZodResolver } from "@/lib/lazy-zod-resolver";
import { type ApiKey, type CreatedApiKey, useApiKeys, useCreateApiKey, useRevokeApiKey } from "./api";
import { ApiKeyCreatedDialog } from "./api-key-created-dialog";
import { API_KEY_SCOPES } from "./form-values";
import { expiryToIso, todayInputValue } from "./key-expiry";
import type { ApiKeyValues } from "./schemas";

const FIELDS = ["name", "scopes", "expires_on"] as const;
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Opens the dialog once when the URL asks for it (the command palette's "Create API key"). */
function useOpenWhenAsked(open: () => void) {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const asked = searchParams.get(NEW_API_KEY_PARAM) === "1";
  const openRef = React.useRef(open);
  openRef.current = open;
  React.useEffect(() => {
    if (!asked) return;
    openRef.current();
    // Drop the request from the URL: a reload or the back button should not open the dialog again.
    const rest = new URLSearchParams(searchParams.toString());
    rest.delete(NEW_API_KEY_PARAM);
    router.replace(rest.size > 0 ? `${pathname}?${rest}` : pathname, { scroll: false });
  }, [asked, searchParams, router, pathname]);
}

function CreateApiKeyDialog({ onCreated }: { onCreated: (created: CreatedApiKey) => void }) {
  const [open, setOpen] = React.useState(false);
  useOpenWhenAsked(() => setOpen(true));
  const create = useCreateApiKey();
  const form = useForm<ApiKeyValues>({
    resolver: useLazyZodResolver(() => import("./schemas").then((schemas) => schemas.apiKeySchema)),
    defaultValues: { name: "", scopes: ["read", "expand"], expires_on: "" },
  });
  const { errors } = form.formState;

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset();
      create.reset();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit((values) =>
    create.mutate(
      { name: values.name.trim(), scopes: values.scopes, expires_at: expiryToIso(values.expires_on) },
      {
        onSuccess: (created) => {
          setOpen(false);
          onCreated(created);
        },
        // The API names the expiry `expires_at`; the form's date input is `expires_on`.
        onError: (error) =>
          applyServerErrors(error, form.setError, FIELDS, (path) => (path === "expires_at" ? "expires_on" : path)),
      },
    ),
  );

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden />
          New API key
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>New API key</DialogTitle>
          <DialogDescription>For an IDE over MCP, or a script calling the REST API as you.</DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {create.error ? <ErrorAlert error={create.error} title="The key was not created" /> : null}
          <Field label="Name" required description="Where it is used, e.g. “work laptop”." error={errors.name?.message}>
            {(control) => <Input {...control} autoFocus {...form.register("name")} />}
          </Field>
          <fieldset className="grid gap-2" aria-describedby={errors.scopes ? "api-key-scopes-error" : undefined}>
            <legend className="mb-1 text-sm font-medium">Scopes</legend>
            <Controller
              control={form.control}
              name="scopes"
              render={({ field }) => (
                <>
                  {API_KEY_SCOPES.map((scope) => (
                    <div key={scope.value} className="flex items-start gap-2">
                      <Checkbox
                        id={`api-key-scope-${scope.value}`}
                        className="mt-0.5"
                        checked={field.value.includes(scope.value)}
                        onChange={(event) =>
                          field.onChange(
                            event.target.checked
                              ? [...field.value, scope.value]
                              : field.value.filter((value) => value !== scope.value),
                          )
                        }
                      />
                      <Label htmlFor={`api-key-scope-${scope.value}`} className="grid gap-0.5 font-normal">
                        <span className="font-medium">{scope.label}</span>
                        <span className="text-xs text-muted-foreground">{scope.description}</span>
                      </Label>
                    </div>
                  ))}
                </>
              )}
            />
            {errors.scopes ? (
              <p id="api-key-scopes-error" className="text-xs font-medium text-destructive">
                {errors.scopes.message}
              </p>
            ) : null}
          </fieldset>
          <Field
            label="Expires on"
            description="Optional. The key stops working at the end of that day."
            error={errors.expires_on?.message}
          >
            {(control) => (
              <Input
                {...control}
                type="date"
                min={todayInputValue()}
                className="w-48"
                {...form.register("expires_on")}
              />
            )}
          </Field>
          <FormDialogFooter
            onCancel={() => onOpenChange(false)}
            pending={create.isPending}
            submitLabel="Create key"
            pendingLabel="Creating…"
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}

function KeyStatus({ apiKey }: { apiKey: ApiKey }) {
  if (apiKey.is_active) return <Badge variant="success">Active</Badge>;
  const expired = apiKey.expires_at !== null && Date.parse(apiKey.expires_at) <= Date.now();
  return <Badge variant={expired ? "warning" : "destructive"}>{expired ? "Expired" : "Revoked"}</Badge>;
}

function ApiKeyRow({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: (key: ApiKey) => Promise<unknown> }) {
  return (
    <TableRow>
      <TableCell className="font-medium">{apiKey.name}</TableCell>
      <TableCell>
        <code className="font-mono text-xs">{apiKey.prefix}…</code>
      </TableCell>
      <TableCell>
        <div className="flex flex-wrap gap-1">
          {apiKey.scopes.map((scope) => (
            <Badge key={scope} variant="outline">
              {scope}
            </Badge>
          ))}
        </div>
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">
        {apiKey.expires_at ? dateFormat.format(new Date(apiKey.expires_at)) : "Never"}
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">
        {apiKey.last_used_at ? dateTimeFormat.format(new Date(apiKey.last_used_at)) : "Never"}
      </TableCell>
      <TableCell>
        <KeyStatus apiKey={apiKey} />
      </TableCell>
      <TableCell className="text-right">
        {apiKey.is_active ? (
          <ConfirmDialog
            trigger={
              <Button variant="outline" size="sm" aria-label={`Revoke API key ${apiKey.name}`}>
                Revoke
              </Button>
            }
            title={`Revoke “${apiKey.name}”?`}
            description="Every IDE and script using this key loses access at once. This cannot be undone."
            confirmLabel="Revoke key"
            destructive
            onConfirm={() => onRevoke(apiKey)}
          />
        ) : null}
      </TableCell>
    </TableRow>
  );
}

/** The caller's API keys: create one (shown once, with IDE setup), see when each was used, revoke. */
export function ApiKeysSection() {
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [created, setCreated] = React.useState<CreatedApiKey | null>(null);
  const [notice, setNotice] = React.useState<string | null>(null);

  const onRevoke = (key: ApiKey) =>
    revoke.mutateAsync(key.id, { onSuccess: () => setNotice(`API key “${key.name}” is revoked.`) });

  return (
    <Card>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1.5">
          <CardTitle>API keys</CardTitle>
          <CardDescription>
            Keys let IDEs (over MCP) and scripts use SpecHub as you, limited to their scopes.
          </CardDescription>
        </div>
        <CreateApiKeyDialog
          onCreated={(next) => {
            setNotice(null);
            setCreated(next);
          }}
        />
      </CardHeader>
      <CardContent className="grid gap-4">
        {revoke.error ? <ErrorAlert error={revoke.error} title="The key was not revoked" /> : null}
        {notice ? <Alert variant="success">{notice}</Alert> : null}
        {keys.isError ? (
          <ErrorAlert error={keys.error} title="API keys could not be loaded" onRetry={() => void keys.refetch()} />
        ) : keys.data && keys.data.length === 0 ? (
          <EmptyState
            icon={KeyRound}
            title="No API keys yet"
            description="Create one to connect Claude Code, VS Code, Cursor or Windsurf to this SpecHub."
          />
        ) : (
          <Table aria-busy={keys.isFetching}>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>Prefix</TableHead>
                <TableHead>Scopes</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>Last used</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.data
                ? keys.data.map((key) => <ApiKeyRow key={key.id} apiKey={key} onRevoke={onRevoke} />)
                : Array.from({ length: 3 }, (_, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders without identity
                    <TableRow key={index}>
                      <TableCell colSpan={7}>
                        <Skeleton className="h-4 w-full" />
                      </TableCell>
                    </TableRow>
                  ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
      <ApiKeyCreatedDialog created={created} onClose={() => setCreated(null)} />
    </Card>
  );
}
