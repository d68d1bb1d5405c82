"use client";

import { Plus, ShieldCheck, X } from "lucide-react";
import * as React from "react";
import { ConfirmChangeDialog } from "@/components/confirm-change-dialog";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { TeamChoices } from "@/components/team-choices";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { labelProblem, PRODUCTION, sortLabels } from "@/lib/labels";
import { type OrgSettings, useUpdateOrgSettings } from "./api";
import { parseRetentionDays } from "./change-control";
import { OrgSettingsLoader } from "./org-settings-loader";
import { RetentionCard } from "./retention-card";

const PROTECT_PRODUCTION =
  "Every prompt will need an approved review to change what production serves. Prompts without a production label get one on their latest version now, so nothing served changes today.";

/** Which labels need a review to move, whether governance changes do too, and how long the audit log keeps events. */
export function ChangeControlSection() {
  return (
    <OrgSettingsLoader subject="change-control" skeletonHeights={["h-40", "h-40", "h-28"]}>
      {(settings) => (
        <div className="grid gap-6">
          <ProtectedLabels settings={settings} />
          {/* Each form starts again from what is saved when its own setting changes, not when another card saves. */}
          <GovernanceReview
            key={`${settings.governance_review}:${settings.governance_review_team_ids.join()}`}
            settings={settings}
          />
          <AuditRetention key={String(settings.audit_retention_days)} settings={settings} />
        </div>
      )}
    </OrgSettingsLoader>
  );
}

// Not react-hook-form: a list edited one label at a time, each checked by the shared label rule as it is added.
function ProtectedLabels({ settings }: { settings: OrgSettings }) {
  const update = useUpdateOrgSettings();
  const [text, setText] = React.useState("");
  const [problem, setProblem] = React.useState<string | null>(null);
  const [confirmProduction, setConfirmProduction] = React.useState(false);
  const labels = sortLabels(settings.protected_labels);
  const productionProtected = labels.includes(PRODUCTION);

  const save = (next: string[], message: string) =>
    update.mutateAsync({ protected_labels: next }).then(() => void toast.success(message));
  const protect = (label: string) => save([...labels, label], `${label} is protected: moving it needs a review.`);

  const onAdd = (event: React.FormEvent) => {
    event.preventDefault();
    const label = text.trim();
    const found = labelProblem(label) ?? (labels.includes(label) ? `${label} is protected already` : null);
    setProblem(found);
    if (found) return;
    if (label === PRODUCTION) {
      setConfirmProduction(true);
      return;
    }
    void protect(label).then(
      () => setText(""),
      () => undefined,
    );
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Protected labels</CardTitle>
        <CardDescription>
          A label points at one version of each prompt; IDEs are served <span className="font-mono">production</span> by
          default. Moving a protected label opens a change request instead, and the label moves once an admin or an
          owner of the prompt owner's team (or a team above it) approves.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {update.error ? <ErrorAlert error={update.error} title="The protected labels were not changed" /> : null}
        {labels.length === 0 ? (
          <p className="text-sm text-muted-foreground">No label is protected: every label move applies at once.</p>
        ) : (
          <ul aria-label="Protected labels" className="flex flex-wrap gap-2">
            {labels.map((label) => (
              <li key={label}>
                <Badge variant={label === PRODUCTION ? "default" : "secondary"} className="gap-1 py-0.5 pr-0.5 pl-2">
                  <ShieldCheck className="size-3" aria-hidden />
                  <span className="font-mono">{label}</span>
                  <ConfirmDialog
                    trigger={
                      <button
                        type="button"
                        className="rounded-sm p-0.5 hover:bg-background/30 focus-visible:outline-2 focus-visible:outline-ring"
                        aria-label={`Stop protecting ${label}`}
                        disabled={update.isPending}
                      >
                        <X className="size-3" aria-hidden />
                      </button>
                    }
                    title={`Stop protecting ${label}?`}
                    description={`Moving ${label} will apply at once again, without a review.`}
                    confirmLabel="Stop protecting"
                    destructive
                    onConfirm={() =>
                      save(
                        labels.filter((other) => other !== label),
                        `${label} is no longer protected.`,
                      )
                    }
                  />
                </Badge>
              </li>
            ))}
          </ul>
        )}
        <form noValidate onSubmit={onAdd} className="flex flex-wrap items-start gap-2">
          <Field
            label="Protect a label"
            error={problem ?? undefined}
            description="Lower-case, e.g. staging."
            className="min-w-48 flex-1 sm:max-w-xs"
          >
            {(aria) => (
              <Input
                {...aria}
                value={text}
                placeholder={productionProtected ? "staging" : "production"}
                autoCapitalize="none"
                spellCheck={false}
                onChange={(event) => {
                  setText(event.target.value);
                  setProblem(null);
                }}
              />
            )}
          </Field>
          <Button type="submit" variant="outline" className="sm:mt-6" disabled={update.isPending}>
            <Plus aria-hidden />
            Protect
          </Button>
        </form>
        {productionProtected ? null : (
          <div className="flex flex-wrap items-center gap-3 rounded-lg border border-dashed p-3 text-sm">
            <p className="min-w-0 flex-1 text-muted-foreground">
              Suggested: protect <span className="font-mono">production</span>, so that what IDEs are served changes
              only after a review.
            </p>
            <Button size="sm" disabled={update.isPending} onClick={() => setConfirmProduction(true)}>
              <ShieldCheck aria-hidden />
              Protect production
            </Button>
          </div>
        )}
        <ConfirmChangeDialog
          open={confirmProduction}
          onClose={() => setConfirmProduction(false)}
          title="Protect production?"
          summary={PROTECT_PRODUCTION}
          confirmLabel="Protect production"
          onConfirm={() => protect(PRODUCTION).then(() => setText(""))}
        />
      </CardContent>
    </Card>
  );
}

const MODES = [
  { value: "off", label: "Off", description: "Policy and objective changes apply at once." },
  {
    value: "all",
    label: "All teams",
    description: "Every policy and objective change, organization-wide ones included, needs an approved review.",
  },
  {
    value: "selected",
    label: "Selected teams",
    description: "Changes to the policies and objectives of the teams chosen below need an approved review.",
  },
] as const;

type Mode = OrgSettings["governance_review"];

// Not react-hook-form: one choice of mode and, for one mode, a list of teams, with one rule between them.
function GovernanceReview({ settings }: { settings: OrgSettings }) {
  const update = useUpdateOrgSettings();
  const [mode, setMode] = React.useState<Mode>(settings.governance_review);
  const [teamIds, setTeamIds] = React.useState<string[]>(settings.governance_review_team_ids);
  const [problem, setProblem] = React.useState<string | null>(null);
  const dirty =
    mode !== settings.governance_review ||
    [...teamIds].sort().join() !== [...settings.governance_review_team_ids].sort().join();

  const onSubmit = (event: React.FormEvent) => {
    event.preventDefault();
    if (mode === "selected" && teamIds.length === 0) {
      setProblem("Choose at least one team, or turn review off");
      return;
    }
    update.mutate(
      { governance_review: mode, governance_review_team_ids: mode === "selected" ? teamIds : [] },
      { onSuccess: () => toast.success("Governance review is saved.") },
    );
  };

  return (
    <Card>
      <form noValidate onSubmit={onSubmit}>
        <CardHeader>
          <CardTitle>Governance review</CardTitle>
          <CardDescription>
            Policies and objectives reach everyone below their team. With review on, a change to them opens a change
            request that an owner of a team above the one changed (or an admin) approves.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {update.error ? <ErrorAlert error={update.error} title="Governance review was not saved" /> : null}
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">Review policy and objective changes</legend>
            {MODES.map((option) => (
              <div key={option.value} className="flex items-start gap-2">
                <input
                  type="radio"
                  id={`governance-review-${option.value}`}
                  name="governance_review"
                  value={option.value}
                  checked={mode === option.value}
                  onChange={() => {
                    setMode(option.value);
                    setProblem(null);
                  }}
                  className="mt-0.5 size-4 accent-primary"
                  aria-describedby={`governance-review-${option.value}-help`}
                />
                <div className="grid gap-0.5">
                  <Label htmlFor={`governance-review-${option.value}`}>{option.label}</Label>
                  <p id={`governance-review-${option.value}-help`} className="text-xs text-muted-foreground">
                    {option.description}
                  </p>
                </div>
              </div>
            ))}
          </fieldset>
          {mode === "selected" ? (
            <TeamChoices
              legend="Teams under review"
              searchLabel="Find a team to put under review"
              value={teamIds}
              error={problem ?? undefined}
              onChange={(ids) => {
                setTeamIds(ids);
                setProblem(null);
              }}
            />
          ) : null}
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" disabled={update.isPending || !dirty}>
            {update.isPending ? "Saving…" : "Save governance review"}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}

function AuditRetention({ settings }: { settings: OrgSettings }) {
  return (
    <RetentionCard
      setting="audit_retention_days"
      saved={settings.audit_retention_days}
      parse={parseRetentionDays}
      text={{
        title: "Audit log retention",
        description:
          "Every change is recorded in the audit log. Events older than this are removed, a few at a time, every hour.",
        label: "Keep events for (days)",
        hint: "Leave empty to keep every event for ever.",
        placeholder: "Keep for ever",
        save: "Save retention",
        notSaved: "The retention was not saved",
        savedAs: (days) => (days === null ? "Every audit event is kept." : `Audit events are kept for ${days} days.`),
      }}
    />
  );
}
