CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text,
	"api_key_id" uuid,
	"channel" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"target_name" text,
	"team_id" uuid,
	"changes" jsonb,
	"request_id" text,
	"client_address" text
);
--> statement-breakpoint
CREATE TABLE "change_request_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"change_request_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"author_id" uuid,
	"title" text NOT NULL,
	"prompt_id" uuid,
	"label" text,
	"version_id" uuid,
	"base_version_id" uuid,
	"team_id" uuid,
	"proposal" jsonb,
	"baseline" jsonb,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "org_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"protected_labels" text[] DEFAULT '{}' NOT NULL,
	"governance_review" text DEFAULT 'off' NOT NULL,
	"governance_review_team_ids" uuid[] DEFAULT '{}' NOT NULL,
	"audit_retention_days" integer,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prompt_labels" (
	"prompt_id" uuid NOT NULL,
	"label" text NOT NULL,
	"version_id" uuid NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "prompt_labels_prompt_id_label_pk" PRIMARY KEY("prompt_id","label")
);
--> statement-breakpoint
ALTER TABLE "prompts" DROP CONSTRAINT "prompts_active_version_id_prompt_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "prompt_versions" ADD COLUMN "change_note" text;--> statement-breakpoint
ALTER TABLE "prompt_versions" ADD COLUMN "created_by_id" uuid;--> statement-breakpoint
ALTER TABLE "change_request_comments" ADD CONSTRAINT "change_request_comments_change_request_id_change_requests_id_fk" FOREIGN KEY ("change_request_id") REFERENCES "public"."change_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_request_comments" ADD CONSTRAINT "change_request_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_prompt_id_prompts_id_fk" FOREIGN KEY ("prompt_id") REFERENCES "public"."prompts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_version_id_prompt_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."prompt_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_base_version_id_prompt_versions_id_fk" FOREIGN KEY ("base_version_id") REFERENCES "public"."prompt_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_requests" ADD CONSTRAINT "change_requests_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_settings" ADD CONSTRAINT "org_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_labels" ADD CONSTRAINT "prompt_labels_prompt_id_prompts_id_fk" FOREIGN KEY ("prompt_id") REFERENCES "public"."prompts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_labels" ADD CONSTRAINT "prompt_labels_version_id_prompt_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."prompt_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "prompt_labels" ADD CONSTRAINT "prompt_labels_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_occurred_idx" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target_type","target_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_user_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "audit_events_team_idx" ON "audit_events" USING btree ("team_id","id");--> statement-breakpoint
CREATE INDEX "change_request_comments_request_idx" ON "change_request_comments" USING btree ("change_request_id","created_at");--> statement-breakpoint
CREATE INDEX "change_requests_state_idx" ON "change_requests" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "change_requests_prompt_idx" ON "change_requests" USING btree ("prompt_id");--> statement-breakpoint
CREATE INDEX "change_requests_author_idx" ON "change_requests" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "change_requests_team_idx" ON "change_requests" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "prompt_labels_label_idx" ON "prompt_labels" USING btree ("label");--> statement-breakpoint
ALTER TABLE "prompt_versions" ADD CONSTRAINT "prompt_versions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- A pinned version becomes the prompt's `production` label; versions are credited to the prompt's owner.
INSERT INTO "prompt_labels" ("prompt_id", "label", "version_id", "updated_by_id")
  SELECT "id", 'production', "active_version_id", "user_id" FROM "prompts" WHERE "active_version_id" IS NOT NULL;--> statement-breakpoint
UPDATE "prompt_versions" v SET "created_by_id" = p."user_id" FROM "prompts" p WHERE p."id" = v."prompt_id";--> statement-breakpoint
ALTER TABLE "prompts" DROP COLUMN "active_version_id";--> statement-breakpoint
INSERT INTO "org_settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Labels decide what expansion serves, and settings whether `production` falls back to the latest
-- version: both are cached by every process, like the tables of migration 0003.
CREATE TRIGGER prompt_labels_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON prompt_labels
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
CREATE TRIGGER org_settings_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON org_settings
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();--> statement-breakpoint
-- The audit log is append-only: no update ever, and a delete only from the retention pruning,
-- which sets pcp.audit_prune for its own transaction.
CREATE OR REPLACE FUNCTION pcp_audit_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'DELETE' AND coalesce(current_setting('pcp.audit_prune', true), '') = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP USING ERRCODE = '42501';
END
$$;--> statement-breakpoint
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION pcp_audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_audit_append_only();