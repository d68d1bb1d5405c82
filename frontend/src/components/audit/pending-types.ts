// Temporary: the audit route as the change-control API describes it, until the backend that
// serves it is merged and the schema is regenerated (then this file goes).
import type { NoOtherMethods, PendingOperation } from "@/lib/api/pending-operation";

type AuditEventBody = {
  id: string;
  occurred_at: string;
  actor: {
    type: "user" | "api_key" | "operator" | "anonymous" | "system";
    user_id: string | null;
    name: string | null;
    api_key_id: string | null;
  };
  channel: "web" | "rest" | "mcp" | "cli" | "system";
  action: string;
  target: { type: string; id: string | null; name: string | null };
  team_id: string | null;
  changes: { before: { [key: string]: unknown } | null; after: { [key: string]: unknown } | null } | null;
  request_id: string | null;
  client_address: string | null;
};

declare module "@/lib/api/schema" {
  interface paths {
    "/api/v1/audit": Omit<NoOtherMethods, "get"> & {
      get: PendingOperation<
        { 200: { items: AuditEventBody[]; next_cursor: string | null } },
        {
          query: {
            actor?: string;
            target_type?: string;
            target_id?: string;
            action?: string;
            from?: string;
            to?: string;
            cursor?: string;
            limit?: number;
            format?: "json" | "jsonl";
          };
        }
      >;
    };
  }
}
