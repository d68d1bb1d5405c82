"use client";

import { AppWindow, ArrowRightLeft, Check, Globe, Plug, UserRound } from "lucide-react";
import * as React from "react";
import { AuthCard } from "@/components/auth-card";
import { ErrorAlert } from "@/components/error-alert";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/api/errors";
import { appName, appSite, redirectTarget, resourceText, scopeText, sortScopes } from "@/lib/oauth-text";
import { type ConsentRequest, type Decision, useConsentRequest, useDecideConsent } from "./api";

/** The signed-in person, as the page names them: display name (or username), and email (or username). */
export type ConsentAccount = { name: string; detail: string };

/** Answers meaning the request cannot be answered: not found, or an id that cannot be one. */
const GONE = [400, 404, 422];

const START_AGAIN = "Go back to your IDE and start signing in to SpecHub again; it opens a new page like this one.";

/** Moves focus to the card's heading whenever the heading changes, so a screen reader announces each step. */
function useFocusedHeading(title: string) {
  const ref = React.useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the title is what changing means here
  React.useEffect(() => ref.current?.focus(), [title]);
  return ref;
}

/**
 * The consent page: an IDE (an OAuth client) asks to use SpecHub as the signed-in person. Says
 * which app, which site it claims, where the browser goes afterwards, as whom and what it may
 * do; Approve and Deny both send the browser back to the IDE with the answer.
 */
export function ConsentView({ requestId, account }: { requestId: string; account: ConsentAccount }) {
  const request = useConsentRequest(requestId);
  const decide = useDecideConsent(requestId);
  const [decided, setDecided] = React.useState<Decision | null>(null);

  const onDecide = (decision: Decision) =>
    decide.mutate(decision, {
      onSuccess: ({ redirect_to }) => {
        setDecided(decision);
        window.location.assign(redirect_to);
      },
    });

  // Unknown, expired, answered already, or not even an id: all the same to the person, who starts again.
  const gone =
    requestId === "" ||
    (request.error instanceof ApiError && GONE.includes(request.error.status)) ||
    (decide.error instanceof ApiError && decide.error.status === 404);

  if (gone) return <Expired />;
  if (request.isError) return <LoadFailed error={request.error} onRetry={() => void request.refetch()} />;
  if (!request.data) return <Loading />;
  if (decided) {
    const { client } = request.data;
    return <Decided decision={decided} name={appName(client.name, appSite(client).host)} />;
  }
  return (
    <Consent
      request={request.data}
      account={account}
      pending={decide.isPending || decide.isSuccess}
      error={decide.error}
      onDecide={onDecide}
    />
  );
}

function Loading() {
  const headingRef = useFocusedHeading("loading");
  return (
    <AuthCard title="Connect an app to SpecHub" description="Loading the sign-in request…" headingRef={headingRef}>
      <div aria-busy className="grid gap-3">
        <Skeleton className="h-5 w-2/3" />
        <Skeleton className="h-16" />
        <Skeleton className="h-16" />
        <div className="grid grid-cols-2 gap-3">
          <Skeleton className="h-9" />
          <Skeleton className="h-9" />
        </div>
      </div>
    </AuthCard>
  );
}

function Expired() {
  const title = "This sign-in request has expired";
  const headingRef = useFocusedHeading(title);
  return (
    <AuthCard title={title} headingRef={headingRef}>
      <div className="grid gap-3 text-sm text-muted-foreground">
        <p>
          A request to connect an app lasts 10 minutes and can be answered once. This one is unknown, too old, or was
          already answered.
        </p>
        <p className="text-foreground">{START_AGAIN}</p>
      </div>
    </AuthCard>
  );
}

function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const title = "The sign-in request could not be loaded";
  const headingRef = useFocusedHeading(title);
  return (
    <AuthCard title={title} headingRef={headingRef}>
      <div className="grid gap-3">
        <ErrorAlert error={error} onRetry={onRetry} />
        <p className="text-sm text-muted-foreground">If it keeps failing: {START_AGAIN}</p>
      </div>
    </AuthCard>
  );
}

function Decided({ decision, name }: { decision: Decision; name: string }) {
  const title = decision === "approve" ? `${name} is connected` : `${name} was not connected`;
  const headingRef = useFocusedHeading(title);
  return (
    <AuthCard title={title} headingRef={headingRef}>
      <p role="status" className="text-sm text-muted-foreground">
        {decision === "approve"
          ? "Your browser is handing you back to your IDE. You can close this tab."
          : "Your IDE has been told you declined. You can close this tab."}
      </p>
    </AuthCard>
  );
}

/** One fact about the request: what it is (with an icon), and the detail below it. */
function Fact({ icon: Icon, label, children }: { icon: typeof Globe; label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="flex items-center gap-2 text-xs font-medium text-muted-foreground">
        <Icon className="size-4 shrink-0" aria-hidden />
        {label}
      </dt>
      <dd className="break-words pl-6 text-sm">{children}</dd>
    </div>
  );
}

function Consent({
  request,
  account,
  pending,
  error,
  onDecide,
}: {
  request: ConsentRequest;
  account: ConsentAccount;
  pending: boolean;
  error: unknown;
  onDecide: (decision: Decision) => void;
}) {
  const { client } = request;
  const site = appSite(client);
  const name = appName(client.name, site.host);
  const title = `Allow ${name} to use SpecHub as you?`;
  const headingRef = useFocusedHeading(title);
  const target = redirectTarget(request.redirect_uri);
  const reach = resourceText(request.resource);

  return (
    <AuthCard
      title={title}
      headingRef={headingRef}
      description={
        request.previously_approved ? (
          <Badge variant="success">
            <Check aria-hidden className="size-3" />
            You approved this app before
          </Badge>
        ) : (
          "This app has not been connected to your account before."
        )
      }
    >
      <div className="grid gap-5">
        {error ? <ErrorAlert error={error} title="Your answer was not recorded" /> : null}
        <dl className="grid gap-3 rounded-lg border p-4">
          <Fact icon={AppWindow} label="App">
            <span className="font-medium">{name}</span>
          </Fact>
          <Fact icon={Globe} label="Its site">
            {site.host ? (
              <>
                <span className="font-mono">{site.host}</span>
                <span className="block text-xs text-muted-foreground">
                  {site.verified
                    ? "SpecHub read this app's details from this site."
                    : "As the app describes itself; SpecHub has not checked it."}
                </span>
              </>
            ) : (
              <span className="text-muted-foreground">The app names no site.</span>
            )}
          </Fact>
          <Fact icon={Plug} label="Access through">
            <span className="font-medium">{reach.label}</span>
            <span className="block text-xs text-muted-foreground">{reach.description}</span>
          </Fact>
          <Fact icon={ArrowRightLeft} label="Afterwards, your browser goes to">
            <span className="font-mono">{target.where}</span>
            <span className="block text-xs text-muted-foreground">{target.note}</span>
          </Fact>
          <Fact icon={UserRound} label="Signed in as">
            <span className="font-medium">{account.name}</span>
            {account.detail !== account.name ? (
              <span className="text-muted-foreground"> ({account.detail})</span>
            ) : null}
          </Fact>
        </dl>
        <section aria-labelledby="consent-scopes" className="grid gap-2">
          <h2 id="consent-scopes" className="text-sm font-medium">
            {name} will be able to
          </h2>
          <ul className="grid gap-2">
            {sortScopes(request.scopes).map((scope) => {
              const text = scopeText(scope);
              return (
                <li key={scope} className="flex gap-2 text-sm">
                  <Check className="mt-0.5 size-4 shrink-0 text-success" aria-hidden />
                  <span>
                    <span className="font-medium">{text.label}</span>
                    <span className="block text-xs text-muted-foreground">{text.description}</span>
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
        <Alert className="text-muted-foreground">
          Approve only if you just started signing in from your IDE or the command line. You can disconnect the app at
          any time under Settings → Connected apps.
        </Alert>
        <div className="grid grid-cols-2 gap-3">
          <Button variant="outline" size="lg" disabled={pending} onClick={() => onDecide("deny")}>
            Deny
          </Button>
          <Button size="lg" disabled={pending} onClick={() => onDecide("approve")}>
            {pending ? "Working…" : "Approve"}
          </Button>
        </div>
      </div>
    </AuthCard>
  );
}
