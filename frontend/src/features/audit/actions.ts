/** What the audit log records, by the type of thing acted on: the filters offer these. */
export const AUDIT_ACTIONS: Record<string, readonly string[]> = {
  prompt: [
    "created",
    "updated",
    "deprecated",
    "restored",
    "version_created",
    "label_moved",
    "label_cleared",
    "shared",
    "unshared",
  ],
  workflow: ["created", "updated", "deleted", "shared", "unshared"],
  team: ["created", "updated", "moved", "owner_changed", "deleted"],
  user: [
    "created",
    "updated",
    "role_changed",
    "team_changed",
    "deactivated",
    "reactivated",
    "password_changed",
    "identity_linked",
  ],
  invitation: ["created", "regenerated", "revoked", "accepted"],
  api_key: ["created", "revoked"],
  policy: ["created", "updated", "deleted"],
  objective: ["created", "updated", "deleted"],
  project: ["created", "updated", "deleted", "member_added", "member_removed"],
  settings: ["changed"],
  change_request: ["opened", "approved", "rejected", "withdrawn", "commented"],
  auth: ["registered", "signed_in", "sign_in_failed", "signed_out"],
};

/** Target types as the filter names them. */
export const TARGET_TYPES: { value: string; label: string }[] = [
  { value: "prompt", label: "Prompts" },
  { value: "workflow", label: "Workflows" },
  { value: "team", label: "Teams" },
  { value: "user", label: "Users" },
  { value: "invitation", label: "Invitations" },
  { value: "api_key", label: "API keys" },
  { value: "policy", label: "Policies" },
  { value: "objective", label: "Objectives" },
  { value: "project", label: "Projects" },
  { value: "settings", label: "Settings" },
  { value: "change_request", label: "Change requests" },
];
