CREATE INDEX "prompt_versions_tags_trgm_idx" ON "prompt_versions" USING gin (prompt_tags_text("tags") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "prompts_name_trgm_idx" ON "prompts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "prompts_description_trgm_idx" ON "prompts" USING gin ("description" gin_trgm_ops);