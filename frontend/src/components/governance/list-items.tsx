import { Pencil, Trash2 } from "lucide-react";
import type * as React from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { enforcementLabel, type Objective, type Policy } from "./form-values";

/** One policy: what it does and its text, with the actions allowed on it. */
export function PolicyItem({ policy, from, actions }: { policy: Policy; from?: string; actions?: React.ReactNode }) {
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

/** One objective: its title, status and description, with the actions allowed on it. */
export function ObjectiveItem({
  objective,
  from,
  actions,
}: {
  objective: Objective;
  from?: string;
  actions?: React.ReactNode;
}) {
  return (
    <li className="grid gap-1 rounded-md border px-3 py-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="min-w-0 flex-1 truncate text-sm font-medium">{objective.title}</span>
        {actions}
      </div>
      <div className="flex flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
        <Badge variant={objective.status === "active" ? "success" : "secondary"}>{objective.status}</Badge>
        {from ? <span>from {from}</span> : null}
      </div>
      {objective.description ? (
        <p className="line-clamp-3 whitespace-pre-line text-xs text-muted-foreground">{objective.description}</p>
      ) : null}
    </li>
  );
}

/** The small icon button that opens an edit dialog; `label` names what it edits for screen readers. */
export function EditIconButton({ label, ...props }: { label: string } & React.ComponentProps<typeof Button>) {
  return (
    <Button size="icon" variant="ghost" className="size-7" aria-label={label} {...props}>
      <Pencil aria-hidden />
    </Button>
  );
}

/** A row's delete button behind a confirmation. */
export function DeleteItemButton({
  label,
  title,
  description,
  confirmLabel = "Delete",
  onConfirm,
}: {
  label: string;
  title: string;
  description: string;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
}) {
  return (
    <ConfirmDialog
      trigger={
        <Button size="icon" variant="ghost" className="size-7" aria-label={label}>
          <Trash2 aria-hidden />
        </Button>
      }
      title={title}
      description={description}
      confirmLabel={confirmLabel}
      destructive
      onConfirm={onConfirm}
    />
  );
}

/** What lists and dialogs call an item: a policy's name, an objective's title. */
export function itemName(item: Policy | Objective): string {
  return "title" in item ? item.title : item.name;
}

/** One policy or objective, whichever `item` is. */
export function GovernanceListItem({
  item,
  from,
  actions,
}: {
  item: Policy | Objective;
  from?: string;
  actions?: React.ReactNode;
}) {
  return "title" in item ? (
    <ObjectiveItem objective={item} from={from} actions={actions} />
  ) : (
    <PolicyItem policy={item} from={from} actions={actions} />
  );
}
