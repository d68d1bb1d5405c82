import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const id = () => uuid("id").primaryKey().defaultRandom();
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const ROLES = ["admin", "member"] as const;
export type Role = (typeof ROLES)[number];
export const VISIBILITIES = ["private", "org", "public"] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const ENFORCEMENT_TYPES = ["prepend", "append", "inject", "validate"] as const;
export type EnforcementType = (typeof ENFORCEMENT_TYPES)[number];
export const API_KEY_SCOPES = ["read", "expand", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export const USAGE_SOURCES = ["rest", "mcp", "workflow"] as const;
export type UsageSource = (typeof USAGE_SOURCES)[number];
/** The door an expansion came through; `source` is the same, with both MCP doors as `mcp`. */
export const USAGE_CHANNELS = ["rest", "mcp_tool", "mcp_prompt", "workflow"] as const;
export type UsageChannel = (typeof USAGE_CHANNELS)[number];
export const USAGE_CALLER_TYPES = ["user", "api_key", "anonymous"] as const;
export type UsageCallerType = (typeof USAGE_CALLER_TYPES)[number];
export const USAGE_ROLLUP_GRAINS = ["hour", "day"] as const;
export type UsageRollupGrain = (typeof USAGE_ROLLUP_GRAINS)[number];
export const CHANGE_REQUEST_KINDS = ["label", "governance"] as const;
export type ChangeRequestKind = (typeof CHANGE_REQUEST_KINDS)[number];
export const CHANGE_REQUEST_STATES = ["open", "approved", "rejected", "withdrawn", "stale"] as const;
export type ChangeRequestState = (typeof CHANGE_REQUEST_STATES)[number];
export const GOVERNANCE_REVIEW_MODES = ["off", "all", "selected"] as const;
export type GovernanceReviewMode = (typeof GOVERNANCE_REVIEW_MODES)[number];

export const teams = pgTable(
  "teams",
  {
    id: id(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description"),
    ownerId: uuid("owner_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    parentTeamId: uuid("parent_team_id").references((): AnyPgColumn => teams.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("teams_slug_key").on(t.slug),
    index("teams_parent_idx").on(t.parentTeamId),
    index("teams_owner_idx").on(t.ownerId),
  ],
);

export const users = pgTable(
  "users",
  {
    id: id(),
    teamId: uuid("team_id")
      .notNull()
      .references((): AnyPgColumn => teams.id, { onDelete: "restrict" }),
    username: text("username").notNull(),
    displayName: text("display_name"),
    /** Stored lower-cased so that uniqueness and login are case-insensitive. */
    email: text("email"),
    passwordHash: text("password_hash"),
    role: text("role", { enum: ROLES }).notNull().default("member"),
    isActive: boolean("is_active").notNull().default(true),
    /**
     * Every session token carries the epoch it was signed under; moving it on (logout, password
     * change, deactivation) ends every session signed before, on every replica.
     */
    sessionEpoch: integer("session_epoch").notNull().default(0),
    /**
     * The identity provider account this user signs in with (single sign-on): the issuer and its
     * `sub` claim, which unlike an email never changes hands. Null for local accounts.
     */
    externalIssuer: text("external_issuer"),
    externalSubject: text("external_subject"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_username_key").on(t.username),
    uniqueIndex("users_email_key").on(t.email),
    index("users_team_idx").on(t.teamId),
    uniqueIndex("users_external_identity_key").on(t.externalIssuer, t.externalSubject),
  ],
);

/**
 * The teams a user belongs to. Position 0 is the primary team, the one `users.team_id` names
 * (kept equal by the users service) and shown first; governance is the union of every team chain.
 */
export const userTeams = pgTable(
  "user_teams",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "restrict" }),
    position: integer("position").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.teamId] }),
    uniqueIndex("user_teams_user_position_key").on(t.userId, t.position),
    index("user_teams_team_idx").on(t.teamId),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    /** SHA-256 hex of the raw key; the raw key is shown once and never stored. */
    keyHash: text("key_hash").notNull(),
    scopes: jsonb("scopes").$type<ApiKeyScope[]>().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_keys_key_hash_key").on(t.keyHash), index("api_keys_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    email: text("email").notNull(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull().default("member"),
    /** SHA-256 hex of the invitation token; the token itself is returned once, at creation. */
    tokenHash: text("token_hash").notNull(),
    invitedById: uuid("invited_by_id").references(() => users.id, { onDelete: "set null" }),
    /** Teams the invitee joins besides `team_id` (their primary team), in order. */
    otherTeamIds: uuid("other_team_ids").array().notNull().default(sql`'{}'::uuid[]`),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    /** Revoked invitations stay listed (filtered out by default) and their link stops working. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_key").on(t.tokenHash),
    index("invitations_email_idx").on(t.email),
    index("invitations_team_idx").on(t.teamId),
  ],
);

export const projects = pgTable(
  "projects",
  {
    id: id(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "restrict" }),
    leadUserId: uuid("lead_user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("projects_slug_key").on(t.slug), index("projects_team_idx").on(t.teamId)],
);

export const projectMembers = pgTable(
  "project_members",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull().default("member"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("project_members_project_user_key").on(t.projectId, t.userId),
    index("project_members_user_idx").on(t.userId),
  ],
);

export const policies = pgTable(
  "policies",
  {
    id: id(),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    enforcementType: text("enforcement_type", { enum: ENFORCEMENT_TYPES }).notNull(),
    /** Literal text: never rendered as a template. */
    content: text("content").notNull(),
    priority: integer("priority").notNull().default(0),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("policies_team_idx").on(t.teamId),
    index("policies_project_idx").on(t.projectId),
    index("policies_user_idx").on(t.userId),
  ],
);

export const objectives = pgTable(
  "objectives",
  {
    id: id(),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description"),
    parentObjectiveId: uuid("parent_objective_id").references((): AnyPgColumn => objectives.id, {
      onDelete: "set null",
    }),
    isInherited: boolean("is_inherited").notNull().default(false),
    status: text("status").notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("objectives_team_idx").on(t.teamId),
    index("objectives_project_idx").on(t.projectId),
    index("objectives_user_idx").on(t.userId),
  ],
);

export const prompts = pgTable(
  "prompts",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description"),
    isDeprecated: boolean("is_deprecated").notNull().default(false),
    visibility: text("visibility", { enum: VISIBILITIES }).notNull().default("private"),
    /** Owner. Users are deactivated, never deleted, so ownership survives. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    /** Most recently created version, kept in step with inserts so listing needs no lateral join. */
    latestVersionId: uuid("latest_version_id").references((): AnyPgColumn => promptVersions.id, {
      onDelete: "set null",
    }),
    /**
     * The served version's tags (its `production` label's, else the latest's), kept by triggers
     * (migration 0013) so that tag filters and searches read one indexed table, not every version.
     */
    servedTags: text("served_tags").array().notNull().default([]),
    /**
     * What `q` searches, in lower case with a unit separator (chr 31) between name, description
     * and tags: `like` on this one column is about eight times faster than `ilike` on each.
     */
    searchText: text("search_text")
      .notNull()
      .generatedAlwaysAs(
        sql`lower(name || chr(31) || coalesce(description, '') || chr(31) || prompt_tags_text(served_tags))`,
      ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("prompts_name_key").on(t.name),
    index("prompts_user_idx").on(t.userId),
    index("prompts_visibility_idx").on(t.visibility),
    // Lists walk prompts by name; with what the audience filter reads in the index too, a deep
    // page skips its thousands of rows without visiting the table (an index-only scan).
    index("prompts_listing_idx").on(t.name, t.id, t.visibility, t.userId, t.isDeprecated),
    index("prompts_served_tags_idx").using("gin", t.servedTags),
    // Names holding a search's words rank first: this finds them without reading every match.
    index("prompts_lower_name_trgm_idx").using("gin", sql`lower(${t.name}) gin_trgm_ops`),
    // A trigram index (pg_trgm, migration 0001) finds the rare words of a search without a scan.
    index("prompts_search_text_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
  ],
);

export const promptVersions = pgTable(
  "prompt_versions",
  {
    id: id(),
    promptId: uuid("prompt_id")
      .notNull()
      .references((): AnyPgColumn => prompts.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    systemTemplate: text("system_template"),
    userTemplate: text("user_template"),
    /** `json`, not `jsonb`: the text is kept as written, so properties keep the author's order (IDEs fill prompt arguments by position). */
    inputSchema: json("input_schema").$type<Record<string, unknown>>().notNull(),
    tags: text("tags").array().notNull().default([]),
    /** Why this version was made, written by its author; shown in the version table and reviews. */
    changeNote: text("change_note"),
    /** Who saved it. Users are deactivated, never deleted. */
    createdById: uuid("created_by_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("prompt_versions_prompt_version_key").on(t.promptId, t.version),
    index("prompt_versions_prompt_created_idx").on(t.promptId, t.createdAt),
  ],
);

/**
 * How many prompts and versions there are, kept by triggers (migration 0014) so that the admin's
 * dashboard does not count two wide tables on every load. One row (id 1), created by the migration.
 */
export const promptTotals = pgTable("prompt_totals", {
  id: integer("id").primaryKey().default(1),
  prompts: integer("prompts").notNull(),
  versions: integer("versions").notNull(),
});

/**
 * Named pointers to versions (environments). `production` is what expansion serves by default;
 * a prompt without one serves its latest version (unless `production` is protected).
 */
export const promptLabels = pgTable(
  "prompt_labels",
  {
    promptId: uuid("prompt_id")
      .notNull()
      .references(() => prompts.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => promptVersions.id, { onDelete: "cascade" }),
    updatedById: uuid("updated_by_id").references(() => users.id, { onDelete: "set null" }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.promptId, t.label] }), index("prompt_labels_label_idx").on(t.label)],
);

export const promptShares = pgTable(
  "prompt_shares",
  {
    id: id(),
    promptId: uuid("prompt_id")
      .notNull()
      .references(() => prompts.id, { onDelete: "cascade" }),
    /** A share goes to one user, or to every member of one team (and its sub-teams, when asked). */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
    includeSubteams: boolean("include_subteams").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("prompt_shares_prompt_user_key").on(t.promptId, t.userId),
    uniqueIndex("prompt_shares_prompt_team_key").on(t.promptId, t.teamId),
    index("prompt_shares_user_idx").on(t.userId),
    index("prompt_shares_team_idx").on(t.teamId),
    check("prompt_shares_one_grantee", sql`(${t.userId} is null) <> (${t.teamId} is null)`),
  ],
);

export type WorkflowStepDefinition = {
  id: string;
  prompt_name: string;
  prompt_version: string | null;
  /** The label whose version the step expands; absent in steps saved before labels existed. */
  label?: string | null;
  depends_on: string[];
};

export const workflows = pgTable(
  "workflows",
  {
    id: id(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    description: text("description"),
    steps: jsonb("steps").$type<WorkflowStepDefinition[]>().notNull().default([]),
    visibility: text("visibility", { enum: VISIBILITIES }).notNull().default("private"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("workflows_user_idx").on(t.userId),
    index("workflows_project_idx").on(t.projectId),
    index("workflows_updated_idx").on(t.updatedAt),
  ],
);

export const workflowShares = pgTable(
  "workflow_shares",
  {
    id: id(),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    /** A share goes to one user, or to every member of one team (and its sub-teams, when asked). */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
    includeSubteams: boolean("include_subteams").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("workflow_shares_workflow_user_key").on(t.workflowId, t.userId),
    uniqueIndex("workflow_shares_workflow_team_key").on(t.workflowId, t.teamId),
    index("workflow_shares_user_idx").on(t.userId),
    index("workflow_shares_team_idx").on(t.teamId),
    check("workflow_shares_one_grantee", sql`(${t.userId} is null) <> (${t.teamId} is null)`),
  ],
);

/**
 * The expansion log: one row per expansion (REST, MCP tool, MCP prompt, workflow step), written
 * in batches off the request path. No foreign keys: rows outlive anything they mention.
 */
export const promptUsage = pgTable(
  "prompt_usage",
  {
    /** Increasing: pruning walks it. */
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** When the expansion happened (not when its batch was written). */
    createdAt: createdAt(),
    callerType: text("caller_type", { enum: USAGE_CALLER_TYPES }).notNull().default("anonymous"),
    userId: uuid("user_id"),
    apiKeyId: uuid("api_key_id"),
    /** The caller's team at the time: team owners read their subtree's events. */
    teamId: uuid("team_id"),
    projectId: uuid("project_id"),
    promptName: text("prompt_name").notNull(),
    /** The version served, or what was asked for ("latest" when nothing was) when the expansion failed. */
    promptVersion: text("prompt_version").notNull(),
    /** The label asked for, or the one that served by default (production, latest); null for an exact version. */
    label: text("label"),
    source: text("source", { enum: USAGE_SOURCES }).notNull().default("rest"),
    channel: text("channel", { enum: USAGE_CHANNELS }).notNull().default("rest"),
    statusCode: integer("status_code").notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    latencyMs: doublePrecision("latency_ms").notNull(),
    inputBytes: integer("input_bytes").notNull().default(0),
    outputBytes: integer("output_bytes"),
    /** Redacted, bounded excerpts, only while the organization samples usage (`usage_sampling`). */
    inputExcerpt: text("input_excerpt"),
    outputExcerpt: text("output_excerpt"),
  },
  (t) => [
    index("prompt_usage_time_idx").on(t.createdAt, t.id),
    index("prompt_usage_user_time_idx").on(t.userId, t.createdAt, t.id),
    index("prompt_usage_prompt_time_idx").on(t.promptName, t.createdAt, t.id),
    index("prompt_usage_team_time_idx").on(t.teamId, t.createdAt, t.id),
    index("prompt_usage_project_time_idx").on(t.projectId, t.createdAt, t.id).where(sql`${t.projectId} is not null`),
  ],
);

/**
 * Expansion counts per hour and per UTC day, kept up to date in the statement that writes the
 * log rows, so that dashboards add up a few rows per bucket instead of scanning the log. Rows
 * with no team count the whole organization (anonymous callers included); daily rows are also
 * kept per team (the caller's team at the time), for team owners and the team filter. Day rows
 * cover the current day too: a range reads whole days from day rows and its ragged ends from hours.
 */
export const usageRollups = pgTable(
  "usage_rollups",
  {
    grain: text("grain", { enum: USAGE_ROLLUP_GRAINS }).notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    promptName: text("prompt_name").notNull(),
    channel: text("channel", { enum: USAGE_CHANNELS }).notNull(),
    /** 2 (success), 4 (refused: 4xx) or 5 (failed: 5xx). */
    statusClass: smallint("status_class").notNull(),
    /** Null: the whole organization; else that team's callers (day rows only). */
    teamId: uuid("team_id"),
    count: integer("count").notNull(),
    latencySum: doublePrecision("latency_sum").notNull(),
    latencyMax: doublePrecision("latency_max").notNull(),
    /** Counts per latency bucket (bounds in usage-rollup.ts), for percentiles. */
    latencyHistogram: integer("latency_histogram").array().notNull(),
  },
  (t) => [
    // Team first: the organization's rows (no team) are read apart from the teams' many more.
    unique("usage_rollups_key")
      .on(t.grain, t.teamId, t.bucket, t.promptName, t.channel, t.statusClass)
      .nullsNotDistinct(),
    index("usage_rollups_prompt_idx").on(t.promptName, t.grain, t.bucket),
  ],
);

/** Expansions per UTC day by version and label served (the prompt page's usage panel); teams as above. */
export const usageVersionRollups = pgTable(
  "usage_version_rollups",
  {
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    promptName: text("prompt_name").notNull(),
    promptVersion: text("prompt_version").notNull(),
    label: text("label"),
    statusClass: smallint("status_class").notNull(),
    teamId: uuid("team_id"),
    count: integer("count").notNull(),
  },
  (t) => [
    unique("usage_version_rollups_key")
      .on(t.promptName, t.teamId, t.bucket, t.promptVersion, t.label, t.statusClass)
      .nullsNotDistinct(),
  ],
);

/** Failed expansions per hour and per UTC day by error: the dashboard's top errors; teams as above. */
export const usageErrorRollups = pgTable(
  "usage_error_rollups",
  {
    grain: text("grain", { enum: USAGE_ROLLUP_GRAINS }).notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    promptName: text("prompt_name").notNull(),
    channel: text("channel", { enum: USAGE_CHANNELS }).notNull(),
    teamId: uuid("team_id"),
    statusCode: integer("status_code").notNull(),
    errorCode: text("error_code").notNull(),
    errorMessage: text("error_message").notNull(),
    count: integer("count").notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    unique("usage_error_rollups_key")
      .on(t.grain, t.teamId, t.bucket, t.promptName, t.channel, t.statusCode, t.errorCode, t.errorMessage)
      .nullsNotDistinct(),
  ],
);

/**
 * The rollups above with every prompt added together, kept in the same statement and at the same
 * places (the organization's hours and days, each team's days): the dashboard's totals, series,
 * latency and channels add up a dozen rows per bucket instead of one per prompt.
 */
export const usageChannelRollups = pgTable(
  "usage_channel_rollups",
  {
    grain: text("grain", { enum: USAGE_ROLLUP_GRAINS }).notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    channel: text("channel", { enum: USAGE_CHANNELS }).notNull(),
    statusClass: smallint("status_class").notNull(),
    teamId: uuid("team_id"),
    count: integer("count").notNull(),
    latencySum: doublePrecision("latency_sum").notNull(),
    latencyMax: doublePrecision("latency_max").notNull(),
    latencyHistogram: integer("latency_histogram").array().notNull(),
  },
  (t) => [
    unique("usage_channel_rollups_key").on(t.grain, t.teamId, t.bucket, t.channel, t.statusClass).nullsNotDistinct(),
  ],
);

/** Expansions per prompt with every channel and status added together (failures counted apart): the top prompts. */
export const usagePromptRollups = pgTable(
  "usage_prompt_rollups",
  {
    grain: text("grain", { enum: USAGE_ROLLUP_GRAINS }).notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    promptName: text("prompt_name").notNull(),
    teamId: uuid("team_id"),
    count: integer("count").notNull(),
    /** Of `count`, those that did not succeed (status class 4 or 5). */
    errors: integer("errors").notNull(),
    latencySum: doublePrecision("latency_sum").notNull(),
    latencyMax: doublePrecision("latency_max").notNull(),
  },
  (t) => [unique("usage_prompt_rollups_key").on(t.grain, t.teamId, t.bucket, t.promptName).nullsNotDistinct()],
);

/** Failed expansions by error with every prompt added together: the top errors. */
export const usageChannelErrorRollups = pgTable(
  "usage_channel_error_rollups",
  {
    grain: text("grain", { enum: USAGE_ROLLUP_GRAINS }).notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    channel: text("channel", { enum: USAGE_CHANNELS }).notNull(),
    teamId: uuid("team_id"),
    statusCode: integer("status_code").notNull(),
    errorCode: text("error_code").notNull(),
    errorMessage: text("error_message").notNull(),
    count: integer("count").notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    unique("usage_channel_error_rollups_key")
      .on(t.grain, t.teamId, t.bucket, t.channel, t.statusCode, t.errorCode, t.errorMessage)
      .nullsNotDistinct(),
  ],
);

/** Small key/value store for instance-wide generated settings (e.g. the JWT secret). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  createdAt: createdAt(),
});

/** Organization-wide settings admins change: one row (id 1), created by the migration. */
export const orgSettings = pgTable("org_settings", {
  id: integer("id").primaryKey().default(1),
  /** Labels that move only through an approved change request. */
  protectedLabels: text("protected_labels").array().notNull().default([]),
  /** Whether policy and objective changes need a change request: nowhere, on every team, or on chosen teams. */
  governanceReview: text("governance_review", { enum: GOVERNANCE_REVIEW_MODES }).notNull().default("off"),
  governanceReviewTeamIds: uuid("governance_review_team_ids").array().notNull().default([]),
  /** Audit events older than this many days are pruned; null keeps them forever. */
  auditRetentionDays: integer("audit_retention_days"),
  /** Whether the expansion log keeps bounded, redacted excerpts of input and output. */
  usageSampling: boolean("usage_sampling").notNull().default(false),
  /** Expansion log rows older than this many days are pruned. */
  usageRetentionDays: integer("usage_retention_days").notNull().default(30),
  /** Workflow runs older than this many days are pruned from the run history. */
  workflowRunRetentionDays: integer("workflow_run_retention_days").notNull().default(30),
  /**
   * Whether `/mcp` serves callers without credentials (public prompts only). Off, an IDE without
   * a key is answered 401 with where to sign in (OAuth), which is what makes it start the flow.
   */
  mcpAnonymousAccess: boolean("mcp_anonymous_access").notNull().default(false),
  /**
   * Whether webhooks may point at private, loopback and link-local addresses and use plain http:
   * for development receivers; off, nobody can make the server post into its own network.
   */
  webhooksAllowPrivate: boolean("webhooks_allow_private").notNull().default(false),
  updatedById: uuid("updated_by_id").references(() => users.id, { onDelete: "set null" }),
  updatedAt: updatedAt(),
});

/**
 * A proposed change that waits for review: moving (or clearing) a protected label, or a policy or
 * objective change on a team under governance review.
 */
export const changeRequests = pgTable(
  "change_requests",
  {
    id: id(),
    kind: text("kind", { enum: CHANGE_REQUEST_KINDS }).notNull(),
    state: text("state", { enum: CHANGE_REQUEST_STATES }).notNull().default("open"),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    /** Label requests: the prompt, the label, the proposed version (null clears the label). */
    promptId: uuid("prompt_id").references(() => prompts.id, { onDelete: "cascade" }),
    label: text("label"),
    versionId: uuid("version_id").references(() => promptVersions.id, { onDelete: "cascade" }),
    /** What the label pointed at when proposed; approval finds it moved since → stale. */
    baseVersionId: uuid("base_version_id").references(() => promptVersions.id, { onDelete: "set null" }),
    /** Governance requests: the team whose governance changes (null: organization-wide). */
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
    /** Governance requests: `{ subject, operation, id, changes }`, applied on approval. */
    proposal: jsonb("proposal").$type<Record<string, unknown>>(),
    /** Governance requests: the subject's fields when proposed, for the diff and staleness. */
    baseline: jsonb("baseline").$type<Record<string, unknown>>(),
    decidedById: uuid("decided_by_id").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    /** Why it was rejected. */
    reason: text("reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("change_requests_state_idx").on(t.state, t.createdAt),
    index("change_requests_prompt_idx").on(t.promptId),
    index("change_requests_author_idx").on(t.authorId),
    index("change_requests_team_idx").on(t.teamId),
  ],
);

export const changeRequestComments = pgTable(
  "change_request_comments",
  {
    id: id(),
    changeRequestId: uuid("change_request_id")
      .notNull()
      .references(() => changeRequests.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("change_request_comments_request_idx").on(t.changeRequestId, t.createdAt)],
);

export const AUDIT_ACTOR_TYPES = ["user", "api_key", "operator", "anonymous", "system"] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];
export const AUDIT_CHANNELS = ["web", "rest", "mcp", "cli", "system"] as const;
export type AuditChannel = (typeof AUDIT_CHANNELS)[number];

/**
 * Append-only record of every state change. Triggers (migration 0006) refuse updates, and deletes
 * except the retention pruning. No foreign keys: events outlive what they mention.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    /** Increasing: the cursor of the audit API. */
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actorType: text("actor_type", { enum: AUDIT_ACTOR_TYPES }).notNull(),
    actorUserId: uuid("actor_user_id"),
    /** The actor's username when it acted (or the name tried, for a failed sign-in). */
    actorName: text("actor_name"),
    apiKeyId: uuid("api_key_id"),
    channel: text("channel", { enum: AUDIT_CHANNELS }).notNull(),
    /** `<target type>.<verb>`, e.g. `prompt.version_created`, `label.moved`, `auth.sign_in_failed`. */
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    targetName: text("target_name"),
    /** The team whose subtree the target belongs to: team owners read their subtree's events. */
    teamId: uuid("team_id"),
    /** The changed fields before and after; secrets and hashes never. */
    changes: jsonb("changes").$type<{
      before?: Record<string, unknown> | null;
      after?: Record<string, unknown> | null;
    }>(),
    requestId: text("request_id"),
    clientAddress: text("client_address"),
  },
  (t) => [
    index("audit_events_occurred_idx").on(t.occurredAt),
    index("audit_events_target_idx").on(t.targetType, t.targetId, t.id),
    index("audit_events_actor_idx").on(t.actorUserId, t.id),
    index("audit_events_action_idx").on(t.action, t.id),
    index("audit_events_team_idx").on(t.teamId, t.id),
  ],
);

export const WORKFLOW_RUN_STATUSES = ["succeeded", "failed"] as const;
export type WorkflowRunStatus = (typeof WORKFLOW_RUN_STATUSES)[number];

/** One step of a recorded run, as the run endpoint answered it (texts cut to the run's size bound). */
export type WorkflowRunStepRecord = {
  step_id: string;
  prompt_name: string;
  prompt_version: string;
  status: "success" | "error";
  system_message: string | null;
  user_message: string;
  error: string | null;
  duration_ms: number;
};

/**
 * Run history: one row per workflow run, written when the run ends. The caller is kept by id and
 * name without a foreign key, so a run outlives its caller's account; runs go with their workflow.
 * Inputs and step texts are bounded per run (see workflow-run-record.ts); retention prunes rows.
 */
export const workflowRuns = pgTable(
  "workflow_runs",
  {
    id: id(),
    /** Recording order: the cursor of the run list, newest first. */
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id, { onDelete: "cascade" }),
    /** The workflow's name when it ran. */
    workflowName: text("workflow_name").notNull(),
    /** Null for anonymous callers. */
    userId: uuid("user_id"),
    username: text("username"),
    apiKeyId: uuid("api_key_id"),
    channel: text("channel", { enum: AUDIT_CHANNELS }).notNull(),
    projectId: uuid("project_id"),
    label: text("label"),
    status: text("status", { enum: WORKFLOW_RUN_STATUSES }).notNull(),
    error: text("error"),
    input: jsonb("input").$type<Record<string, unknown>>().notNull().default({}),
    steps: jsonb("steps").$type<WorkflowRunStepRecord[]>().notNull().default([]),
    stepCount: integer("step_count").notNull().default(0),
    /** Whether inputs or step texts were cut to keep the run within its size bound. */
    truncated: boolean("truncated").notNull().default(false),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [
    index("workflow_runs_workflow_idx").on(t.workflowId, t.seq),
    index("workflow_runs_started_idx").on(t.startedAt),
  ],
);

/** MCP sessions live in the database so any backend replica can serve any request of a session. */
export const mcpSessions = pgTable(
  "mcp_sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    apiKeyId: uuid("api_key_id").references(() => apiKeys.id, { onDelete: "cascade" }),
    contextDelivered: boolean("context_delivered").notNull().default(false),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("mcp_sessions_expires_idx").on(t.expiresAt)],
);

/**
 * Scopes an OAuth client may be granted. `write` is granted only for the REST API resource
 * (`<PUBLIC_URL>/api`, the command line), never for `/mcp`: see modules/oauth/resources.ts.
 */
export const OAUTH_SCOPES = ["read", "expand", "write"] as const;
export type OAuthScope = (typeof OAUTH_SCOPES)[number];
/** `dynamic`: registered through RFC 7591; `metadata_document`: its id is the URL of its metadata (CIMD). */
export const OAUTH_CLIENT_KINDS = ["dynamic", "metadata_document"] as const;
export type OAuthClientKind = (typeof OAUTH_CLIENT_KINDS)[number];
export const OAUTH_TOKEN_KINDS = ["access", "refresh"] as const;
export type OAuthTokenKind = (typeof OAUTH_TOKEN_KINDS)[number];

/**
 * Applications (IDEs) that sign users in through SpecHub's own OAuth authorization server for
 * `/mcp`. A metadata-document client's row caches the document fetched from its id.
 */
export const oauthClients = pgTable("oauth_clients", {
  /** Random for registered clients; the metadata document's HTTPS URL for CIMD clients. */
  id: text("id").primaryKey(),
  kind: text("kind", { enum: OAUTH_CLIENT_KINDS }).notNull(),
  clientName: text("client_name"),
  clientUri: text("client_uri"),
  logoUri: text("logo_uri"),
  redirectUris: jsonb("redirect_uris").$type<string[]>().notNull(),
  /** `none` for public clients (PKCE only); `client_secret_post`/`client_secret_basic` otherwise. */
  tokenEndpointAuthMethod: text("token_endpoint_auth_method").notNull().default("none"),
  /** SHA-256 hex of the client secret, shown once at registration; null for public clients. */
  clientSecretHash: text("client_secret_hash"),
  /** The registration request or fetched document as received, for display and re-validation. */
  metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull(),
  /** When a metadata document was last fetched; it is fetched again once its cache time passes. */
  fetchedAt: timestamp("fetched_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * An authorization request from `/oauth/authorize`, waiting for the user's consent in the web
 * UI; once approved it holds the one-time code (hashed) that the client trades for tokens.
 */
export const oauthAuthorizationRequests = pgTable(
  "oauth_authorization_requests",
  {
    id: id(),
    clientId: text("client_id")
      .notNull()
      .references(() => oauthClients.id, { onDelete: "cascade" }),
    redirectUri: text("redirect_uri").notNull(),
    scopes: jsonb("scopes").$type<OAuthScope[]>().notNull(),
    /** The resource (RFC 8707) the tokens are for: this server's `/mcp` URL. */
    resource: text("resource").notNull(),
    state: text("state"),
    /** PKCE S256 challenge; the token request must present the matching verifier. */
    codeChallenge: text("code_challenge").notNull(),
    /** Set when the user approves. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 hex of the authorization code, set on approval; kept after redemption so a reuse is recognized. */
    codeHash: text("code_hash"),
    /** When the request (and then its code) stops being usable. */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** When the code was traded for tokens: a second attempt revokes what the first produced. */
    redeemedAt: timestamp("redeemed_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("oauth_authorization_requests_code_key").on(t.codeHash),
    index("oauth_authorization_requests_expires_idx").on(t.expiresAt),
  ],
);

/** A user's consent to a client: what "Connected apps" lists. Revoking it ends all its tokens. */
export const oauthGrants = pgTable(
  "oauth_grants",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    clientId: text("client_id")
      .notNull()
      .references(() => oauthClients.id, { onDelete: "cascade" }),
    scopes: jsonb("scopes").$type<OAuthScope[]>().notNull(),
    resource: text("resource").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("oauth_grants_user_client_key").on(t.userId, t.clientId),
    index("oauth_grants_client_idx").on(t.clientId),
  ],
);

/**
 * Access and refresh tokens, stored as SHA-256 hashes. Access tokens are short-lived and bound
 * to one resource (audience); a refresh token is used once and replaced (rotation), and its
 * reuse revokes the grant, since only a stolen copy would be presented twice.
 */
export const oauthTokens = pgTable(
  "oauth_tokens",
  {
    id: id(),
    grantId: uuid("grant_id")
      .notNull()
      .references(() => oauthGrants.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: OAUTH_TOKEN_KINDS }).notNull(),
    tokenHash: text("token_hash").notNull(),
    scopes: jsonb("scopes").$type<OAuthScope[]>().notNull(),
    resource: text("resource").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Refresh tokens: when it was exchanged for a new pair. */
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("oauth_tokens_hash_key").on(t.tokenHash),
    index("oauth_tokens_grant_idx").on(t.grantId),
    index("oauth_tokens_expires_idx").on(t.expiresAt),
  ],
);

/** What a webhook can subscribe to; `ping` is only sent by the test route and never subscribed. */
export const WEBHOOK_EVENTS = [
  "prompt.version_created",
  "prompt.label_moved",
  "prompt.deprecated",
  "change_request.opened",
  "change_request.approved",
  "change_request.rejected",
  "policy.changed",
  "objective.changed",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
export type WebhookDeliveryEvent = WebhookEventType | "ping";
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * An HTTPS endpoint told about changes. The signing secret is kept as is (an HMAC key has to be
 * used again), but no response carries it after the one that created or rotated it.
 */
export const webhooks = pgTable(
  "webhooks",
  {
    id: id(),
    url: text("url").notNull(),
    events: text("events").array().$type<WebhookEventType[]>().notNull(),
    description: text("description"),
    /** Null: organization-wide (admins only). Else only events of that team's subtree. */
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "cascade" }),
    active: boolean("active").notNull().default(true),
    secret: text("secret").notNull(),
    createdById: uuid("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhooks_team_idx").on(t.teamId)],
);

/**
 * The outbox: one row per event, written by the audit recorder in the transaction that makes the
 * change, so an event exists exactly when its change committed. The dispatcher fans each one out
 * into deliveries and marks it.
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: id(),
    type: text("type").$type<WebhookEventType>().notNull(),
    /** The audit event's team: webhooks scoped to a team above it (or to none) receive it. */
    teamId: uuid("team_id"),
    /** The body receivers get, without `id` (each delivery has its own). */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    fannedOutAt: timestamp("fanned_out_at", { withTimezone: true }),
  },
  (t) => [index("webhook_events_pending_idx").on(t.createdAt).where(sql`${t.fannedOutAt} is null`)],
);

/** One event for one webhook: its id is the idempotency id, the same on every attempt. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    /** Insertion order: the cursor of the delivery log, newest first. */
    seq: bigint("seq", { mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    webhookId: uuid("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    /** Null for `ping`, which no event row stands behind. */
    eventId: uuid("event_id"),
    event: text("event").$type<WebhookDeliveryEvent>().notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    responseCode: integer("response_code"),
    durationMs: integer("duration_ms"),
    error: text("error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).defaultNow(),
    /** Retries stop here: a day after the delivery was queued (or queued again). */
    retryUntil: timestamp("retry_until", { withTimezone: true }).notNull(),
    /** A replica's claim while it sends; a crashed replica's claim lapses and another sends. */
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    createdAt: createdAt(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_key").on(t.webhookId, t.eventId),
    index("webhook_deliveries_webhook_idx").on(t.webhookId, t.seq),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);
