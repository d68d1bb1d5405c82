CREATE TABLE "user_teams" (
	"user_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_teams_user_id_team_id_pk" PRIMARY KEY("user_id","team_id")
);
--> statement-breakpoint
ALTER TABLE "prompt_shares" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_shares" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "prompt_shares" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "prompt_shares" ADD COLUMN "include_subteams" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workflow_shares" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "workflow_shares" ADD COLUMN "include_subteams" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "user_teams" ADD CONSTRAINT "user_teams_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_teams" ADD CONSTRAINT "user_teams_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "user_teams_user_position_key" ON "user_teams" USING btree ("user_id","position");--> statement-breakpoint
CREATE INDEX "user_teams_team_idx" ON "user_teams" USING btree ("team_id");--> statement-breakpoint
ALTER TABLE "prompt_shares" ADD CONSTRAINT "prompt_shares_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_shares" ADD CONSTRAINT "workflow_shares_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "prompt_shares_prompt_team_key" ON "prompt_shares" USING btree ("prompt_id","team_id");--> statement-breakpoint
CREATE INDEX "prompt_shares_team_idx" ON "prompt_shares" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "workflow_shares_workflow_team_key" ON "workflow_shares" USING btree ("workflow_id","team_id");--> statement-breakpoint
CREATE INDEX "workflow_shares_team_idx" ON "workflow_shares" USING btree ("team_id");--> statement-breakpoint
ALTER TABLE "prompt_shares" ADD CONSTRAINT "prompt_shares_one_grantee" CHECK (("prompt_shares"."user_id" is null) <> ("prompt_shares"."team_id" is null));--> statement-breakpoint
ALTER TABLE "workflow_shares" ADD CONSTRAINT "workflow_shares_one_grantee" CHECK (("workflow_shares"."user_id" is null) <> ("workflow_shares"."team_id" is null));--> statement-breakpoint
-- Every user's one team so far becomes their primary team.
INSERT INTO "user_teams" ("user_id", "team_id", "position") SELECT "id", "team_id", 0 FROM "users";--> statement-breakpoint
-- Membership decides governance and what team shares reach: replicas drop their caches on a change.
CREATE TRIGGER user_teams_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_teams
  FOR EACH STATEMENT EXECUTE FUNCTION pcp_notify_change();
--> statement-breakpoint
-- users.team_id names the primary team; user_teams keeps it at position 0 whoever writes users, so
-- every user is a member of at least their primary team. Further teams are the users service's.
CREATE OR REPLACE FUNCTION pcp_sync_primary_team() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO user_teams (user_id, team_id, position) VALUES (NEW.id, NEW.team_id, 0)
      ON CONFLICT DO NOTHING;
  ELSIF NEW.team_id IS DISTINCT FROM OLD.team_id THEN
    -- The new primary team may have been one of the user's other teams: it moves to the front.
    DELETE FROM user_teams WHERE user_id = NEW.id AND team_id = NEW.team_id;
    UPDATE user_teams SET team_id = NEW.team_id WHERE user_id = NEW.id AND position = 0;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER users_sync_primary_team AFTER INSERT OR UPDATE OF team_id ON users
  FOR EACH ROW EXECUTE FUNCTION pcp_sync_primary_team();
