"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Pencil, Plus, Trash2 } from "lucide-react";
import * as React from "react";
import { useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ErrorAlert } from "@/components/error-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
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
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { applyServerErrors } from "@/lib/forms";
import { type Policy, type Team, useEffectivePolicies, usePolicyMutations, useTeamPolicies } from "./api";
import {
  ENFORCEMENT_TYPES,
  POLICY_FIELDS,
  type PolicyFormValues,
  policyFormDefaults,
  policyFormSchema,
  toPolicyBody,
} from "./schemas";

const enforcementLabel = (type: Policy["enforcement_type"]) =>
  ENFORCEMENT_TYPES.find((entry) => entry.value === type)?.label ?? type;

function ListSkeleton({ label }: { label: string }) {
  return (
    <div className="grid gap-2" aria-busy>
      <span className="sr-only">{label}</span>
      <Skeleton className="h-10" />
    </div>
  );
}

/** One policy: what it does and its text, with the actions allowed on it. */
function PolicyItem({ policy, from, actions }: { policy: Policy; from?: string; actions?: React.ReactNode }) {
  return (
    <li className="grid gap-1 rounded-md border px-3 py-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 flex-1 truncate text-sm font-medium">{policy.name}</span>
        {actions}
      </div>
      <div className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
        <Badge variant="outline">{enforcementLabel(policy.enforcement_type)}</Badge>
        <span>priority {policy.priority}</span>
        {policy.is_active ? null : <Badge variant="warning">Inactive</Badge>}
        {from ? <span>· from {from}</span> : null}
      </div>
      <p className="line-clamp-3 whitespace-pre-line text-xs text-muted-foreground">{policy.content}</p>
    </li>
  );
}

/**
 * The team's own policies (editable by those who manage it) and, read-only, those it inherits
 * from the teams above it, each naming the team it comes from.
 */
export function PolicySection({
  team,
  canEdit,
  teamNames,
}: {
  team: Team;
  canEdit: boolean;
  teamNames: ReadonlyMap<string, string>;
}) {
  const local = useTeamPolicies(team.id);
  const inherited = useEffectivePolicies(team.id);
  const { remove } = usePolicyMutations();

  return (
    <section aria-labelledby="team-policies-heading" className="grid gap-3">
      <div className="flex items-center justify-between gap-2">
        <h3 id="team-policies-heading" className="text-sm font-semibold">
          Policies
        </h3>
        {canEdit ? <PolicyDialog team={team} /> : null}
      </div>
      {remove.error ? <ErrorAlert error={remove.error} title="The policy was not deleted" /> : null}
      {local.isPending ? (
        <ListSkeleton label="Loading policies…" />
      ) : local.isError ? (
        <ErrorAlert error={local.error} onRetry={() => void local.refetch()} />
      ) : local.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No policies of its own.</p>
      ) : (
        <ul className="grid gap-2" aria-label={`Policies of ${team.name}`}>
          {local.data.map((policy) => (
            <PolicyItem
              key={policy.id}
              policy={policy}
              actions={
                canEdit ? (
                  <>
                    <PolicyDialog team={team} policy={policy} />
                    <ConfirmDialog
                      trigger={
                        <Button
                          size="icon"
                          variant="ghost"
                          className="size-7"
                          aria-label={`Delete policy ${policy.name}`}
                        >
                          <Trash2 aria-hidden />
                        </Button>
                      }
                      title={`Delete policy ${policy.name}?`}
                      description={`It stops applying to ${team.name} and every team below it.`}
                      confirmLabel="Delete"
                      destructive
                      onConfirm={() => {
                        remove.reset();
                        return remove.mutateAsync(policy.id);
                      }}
                    />
                  </>
                ) : null
              }
            />
          ))}
        </ul>
      )}
      <h4 className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Inherited</h4>
      {inherited.isPending ? (
        <ListSkeleton label="Loading inherited policies…" />
      ) : inherited.isError ? (
        <ErrorAlert error={inherited.error} onRetry={() => void inherited.refetch()} />
      ) : inherited.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing inherited from teams above.</p>
      ) : (
        <ul className="grid gap-2" aria-label={`Policies ${team.name} inherits`}>
          {inherited.data.map((policy) => (
            <PolicyItem
              key={policy.id}
              policy={policy}
              from={policy.team_id ? (teamNames.get(policy.team_id) ?? "a team above") : "a team above"}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Creates a policy on the team, or edits `policy`. */
function PolicyDialog({ team, policy }: { team: Team; policy?: Policy }) {
  const [open, setOpen] = React.useState(false);
  const { create, update } = usePolicyMutations();
  const mutation = policy ? update : create;
  const form = useForm<PolicyFormValues>({
    resolver: zodResolver(policyFormSchema),
    defaultValues: policyFormDefaults(policy),
  });
  const { errors } = form.formState;
  const activeId = React.useId();

  const onOpenChange = (next: boolean) => {
    if (next) {
      form.reset(policyFormDefaults(policy));
      mutation.reset();
    }
    setOpen(next);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const { team_id: _team, ...changes } = toPolicyBody(values, team.id);
      if (policy) await update.mutateAsync({ id: policy.id, body: { ...changes, is_active: values.is_active } });
      else await create.mutateAsync(toPolicyBody(values, team.id));
      setOpen(false);
    } catch (error) {
      applyServerErrors(error, form.setError, POLICY_FIELDS);
    }
  });

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        {policy ? (
          <Button size="icon" variant="ghost" className="size-7" aria-label={`Edit policy ${policy.name}`}>
            <Pencil aria-hidden />
          </Button>
        ) : (
          <Button size="sm" variant="outline">
            <Plus aria-hidden />
            Add policy
          </Button>
        )}
      </DialogTrigger>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>{policy ? `Edit policy ${policy.name}` : `New policy for ${team.name}`}</DialogTitle>
          <DialogDescription>
            Applies to everyone in {team.name} and in every team below it, whenever they expand a prompt.
          </DialogDescription>
        </DialogHeader>
        <form noValidate onSubmit={onSubmit} className="grid gap-4">
          {mutation.error ? <ErrorAlert error={mutation.error} title="The policy was not saved" /> : null}
          <Field label="Policy name" required error={errors.name?.message}>
            {(aria) => <Input {...aria} autoComplete="off" {...form.register("name")} />}
          </Field>
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            <Field
              label="Enforcement"
              description={ENFORCEMENT_TYPES.find((entry) => entry.value === form.watch("enforcement_type"))?.help}
              error={errors.enforcement_type?.message}
            >
              {(aria) => (
                <Select {...aria} {...form.register("enforcement_type")}>
                  {ENFORCEMENT_TYPES.map((entry) => (
                    <option key={entry.value} value={entry.value}>
                      {entry.label}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Priority" description="Higher applies first" error={errors.priority?.message}>
              {(aria) => <Input {...aria} inputMode="numeric" {...form.register("priority")} />}
            </Field>
          </div>
          <Field
            label="Policy text"
            required
            description="Literal text, never rendered as a template."
            error={errors.content?.message}
          >
            {(aria) => <Textarea {...aria} rows={4} {...form.register("content")} />}
          </Field>
          <Field label="Description" error={errors.description?.message}>
            {(aria) => <Input {...aria} {...form.register("description")} />}
          </Field>
          {policy ? (
            <div className="flex items-center gap-2 text-sm">
              <Checkbox id={activeId} {...form.register("is_active")} />
              <label htmlFor={activeId}>Active (inactive policies stay on record but do not apply)</label>
            </div>
          ) : null}
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={mutation.isPending}>
              {mutation.isPending ? "Saving…" : policy ? "Save policy" : "Add policy"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
