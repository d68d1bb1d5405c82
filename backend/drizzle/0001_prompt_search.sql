-- Trigram indexes make the prompt list's case-insensitive substring search (`q`) an index lookup.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- Tags as one text value, so a trigram index can cover them; array_to_string is only STABLE in general,
-- but for text[] it depends on nothing but its input.
CREATE OR REPLACE FUNCTION prompt_tags_text(tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT array_to_string(tags, E'\n') $$;
