// Temporary: the label routes and fields as the change-control API describes them, until the
// backend that serves them is merged and the schema is regenerated (then this file goes, and
// api.ts uses the generated types as they are).
import type { NoOtherMethods, PendingOperation } from "@/lib/api/pending-operation";

/** What a prompt response gains: label → version, and the review its first version waits for. */
export type PromptLabelFields = {
  labels: { [label: string]: string };
  pending_change_request_id?: string | null;
};

/** What a version response gains. */
export type VersionLabelFields = {
  change_note: string | null;
  created_by_id: string | null;
  labels: string[];
};

/** What a version body (new prompt, new version) accepts besides its templates. */
export type VersionBodyFields = { change_note?: string | null };

type Name = { path: { name: string; label: string } };
type Opened = { id: string; title: string; state: string };

declare module "@/lib/api/schema" {
  interface paths {
    "/api/v1/prompts/{name}/labels/{label}": Omit<NoOtherMethods, "put" | "delete"> & {
      put: PendingOperation<
        { 200: { name: string } & PromptLabelFields; 202: Opened },
        Name,
        { version: string; comment?: string }
      >;
      delete: PendingOperation<{ 200: { name: string } & PromptLabelFields; 202: Opened }, Name>;
    };
  }
}
