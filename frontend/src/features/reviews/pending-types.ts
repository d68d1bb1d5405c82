// Temporary: the change-request routes as the change-control API describes them, until the
// backend that serves them is merged and the schema is regenerated (then this file goes).
import type { NoOtherMethods, PendingOperation } from "@/lib/api/pending-operation";

type Person = { id: string; username: string; display_name: string | null };

type ChangeRequestBody = {
  id: string;
  kind: "label" | "governance";
  state: "open" | "approved" | "rejected" | "withdrawn" | "stale";
  title: string;
  author: Person | null;
  created_at: string;
  updated_at: string;
  decided_by: Person | null;
  decided_at: string | null;
  reason: string | null;
  prompt: { id: string; name: string } | null;
  label: string | null;
  version: string | null;
  base_version: string | null;
  served_version: string | null;
  team: { id: string; name: string } | null;
  proposal: { [key: string]: unknown } | null;
  diff: { field: string; before: string | null; after: string | null }[];
  comment_count: number;
  can_approve: boolean;
  can_reject: boolean;
  can_withdraw: boolean;
  comments?: { id: string; author: Person | null; body: string; created_at: string }[];
};

type Id = { path: { id: string } };

declare module "@/lib/api/schema" {
  interface paths {
    "/api/v1/change-requests": Omit<NoOtherMethods, "get"> & {
      get: PendingOperation<
        { 200: { items: ChangeRequestBody[]; total: number; page: number; page_size: number } },
        {
          query: {
            state?: ChangeRequestBody["state"];
            prompt?: string;
            mine?: "true" | "false";
            to_review?: "true" | "false";
            page?: number;
            page_size?: number;
          };
        }
      >;
    };
    "/api/v1/change-requests/{id}": Omit<NoOtherMethods, "get"> & {
      get: PendingOperation<{ 200: ChangeRequestBody }, Id>;
    };
    "/api/v1/change-requests/{id}/approve": Omit<NoOtherMethods, "post"> & {
      post: PendingOperation<
        { 200: ChangeRequestBody; 409: { code: string; detail: string } },
        Id,
        { comment?: string; confirm_stale?: boolean }
      >;
    };
    "/api/v1/change-requests/{id}/reject": Omit<NoOtherMethods, "post"> & {
      post: PendingOperation<{ 200: ChangeRequestBody }, Id, { reason: string }>;
    };
    "/api/v1/change-requests/{id}/withdraw": Omit<NoOtherMethods, "post"> & {
      post: PendingOperation<{ 200: ChangeRequestBody }, Id>;
    };
    "/api/v1/change-requests/{id}/comments": Omit<NoOtherMethods, "post"> & {
      post: PendingOperation<{ 201: NonNullable<ChangeRequestBody["comments"]>[number] }, Id, { body: string }>;
    };
  }
}
