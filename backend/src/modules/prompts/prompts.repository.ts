import { and, asc, count, desc, eq, inArray, not, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Db, queryRows } from "../../db/client.js";
import { cachedRead, cacheKey } from "../../db/read-cache.js";
import {
  changeRequests,
  orgSettings,
  promptLabels,
  prompts,
  promptVersions,
  users,
  type Visibility,
} from "../../db/schema.js";
import { sharedWithViewer, sharedWithViewerAmong } from "../access/share-reach.js";
import type {
  NewPrompt,
  NewPromptVersion,
  PromptDetail,
  PromptPageKey,
  PromptRow,
  PromptVersionRow,
  ServedPrompt,
} from "./prompts.types.js";

/** The label expansion serves when none is asked for; pinning moves it. */
export const PRODUCTION_LABEL = "production";

/** Reserved: always the newest version; it cannot be moved or cleared. */
export const LATEST_LABEL = "latest";

/**
 * Whose eyes a listing is for. The rule itself is access.service's `canView`; this is its SQL
 * form: `all` for admins, `public` for anonymous callers, otherwise a signed-in user's id.
 */
export type PromptAudience = { kind: "all" } | { kind: "public" } | { kind: "user"; userId: string };

export type PromptListFilter = {
  audience: PromptAudience;
  /** Prompts that have this label (`latest`: every prompt with a version). */
  label?: string;
  /** Exact tag of the served version. */
  tag?: string;
  /** Case-insensitive substring of name, description or a served-version tag. */
  q?: string;
  /** Owned by or shared with this user. */
  userId?: string;
  visibility?: Visibility;
  includeDeprecated: boolean;
  limit: number;
  offset: number;
};

const latestVersion = alias(promptVersions, "latest_version");
const activeVersion = alias(promptVersions, "active_version");

/**
 * The outer prompt's id, always table-qualified: drizzle leaves columns bare in queries without
 * joins, and a bare "id" inside a subquery would name the subquery's own table.
 */
const outerPromptId = sql`${prompts}.${sql.identifier("id")}`;

const productionVersionOf = (promptId: SQL) =>
  sql`(select pl.version_id from ${promptLabels} pl where pl.prompt_id = ${promptId} and pl.label = ${PRODUCTION_LABEL})`;

/** The served version's id: the `production` label, else the latest. */
const servedVersionId = sql`coalesce(${productionVersionOf(outerPromptId)}, ${prompts.latestVersionId})`;
const joinServed = and(eq(activeVersion.promptId, prompts.id), eq(activeVersion.id, servedVersionId));

/** Every label of the outer prompt as `{label: version}`. */
const labelsOfPrompt = sql<Record<string, string>>`coalesce((
  select json_object_agg(pl.label, lv.version order by pl.label)
  from ${promptLabels} pl join ${promptVersions} lv on lv.id = pl.version_id
  where pl.prompt_id = ${outerPromptId}), '{}'::json)`;

/** The newest open request to move the outer prompt's `production` label (change requests' own table). */
const pendingProductionRequest = sql<string | null>`(
  select cr.id from ${changeRequests} cr
  where cr.prompt_id = ${outerPromptId} and cr.label = ${PRODUCTION_LABEL} and cr.state = 'open'
  order by cr.created_at desc limit 1)`;

/** Whether the outer prompt is shared with the viewer, in person or through one of their teams. */
const sharedWith = (viewerId: SQLWrapper | string | null): SQL<boolean> =>
  sharedWithViewer("prompt", outerPromptId, viewerId);

/** The same rule as a list filter: the prompts shared with the user, gathered once per query. */
const sharedWithUserAmong = (userId: string): SQL<boolean> => sharedWithViewerAmong("prompt", outerPromptId, userId);

function audienceCondition(audience: PromptAudience): SQL | undefined {
  if (audience.kind === "all") return undefined;
  if (audience.kind === "public") return eq(prompts.visibility, "public");
  return or(
    inArray(prompts.visibility, ["public", "org"]),
    eq(prompts.userId, audience.userId),
    sharedWithUserAmong(audience.userId),
  );
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const likePattern = (text: string) => `%${escapeLike(text)}%`;

function tagCondition(tag: string): SQL {
  return sql`${prompts.servedTags} @> array[${tag}]::text[]`;
}

/** What separates name, description and tags in `search_text` (and tags in `prompt_tags_text`). */
const SEARCH_SEPARATORS = ["\n", String.fromCharCode(31)];

/**
 * Prompts whose name, description or served-version tags contain `q`, case-insensitively. One
 * `like` on the lower-cased `search_text`; a `q` holding a separator could match across two
 * fields there, so it checks each field instead. The `unnest` keeps a match within one tag.
 */
function searchCondition(q: string): SQL {
  const pattern = likePattern(q);
  if (!SEARCH_SEPARATORS.some((separator) => q.includes(separator)))
    return sql`${prompts.searchText} like lower(${pattern})`;
  return sql`(${prompts.name} ilike ${pattern} or ${prompts.description} ilike ${pattern}
    or exists (select 1 from unnest(${prompts.servedTags}) as tag where tag ilike ${pattern}))`;
}

function labelCondition(label: string): SQL {
  if (label === LATEST_LABEL) return sql`${prompts.latestVersionId} is not null`;
  return sql`exists (select 1 from ${promptLabels} pl where pl.prompt_id = ${outerPromptId} and pl.label = ${label})`;
}

function listConditions(filter: Omit<PromptListFilter, "limit" | "offset">): SQL | undefined {
  const conditions: (SQL | undefined)[] = [audienceCondition(filter.audience)];
  if (filter.label !== undefined) conditions.push(labelCondition(filter.label));
  if (!filter.includeDeprecated) conditions.push(not(prompts.isDeprecated));
  if (filter.visibility) conditions.push(eq(prompts.visibility, filter.visibility));
  if (filter.tag !== undefined) conditions.push(tagCondition(filter.tag));
  if (filter.q) conditions.push(searchCondition(filter.q));
  if (filter.userId) {
    conditions.push(or(eq(prompts.userId, filter.userId), sharedWithUserAmong(filter.userId)));
  }
  return and(...conditions);
}

function selectDetails(db: Db, viewerId: string | null) {
  return db
    .select({
      prompt: prompts,
      latest: latestVersion,
      active: activeVersion,
      owner: { id: users.id, username: users.username, displayName: users.displayName },
      sharedWithCaller: sharedWith(viewerId),
      labels: labelsOfPrompt,
      pendingChangeRequestId: pendingProductionRequest,
    })
    .from(prompts)
    .leftJoin(latestVersion, eq(latestVersion.id, prompts.latestVersionId))
    .leftJoin(activeVersion, joinServed)
    .leftJoin(users, eq(users.id, prompts.userId));
}

/**
 * One page of prompts by name plus the exact total: two queries, whatever the page size. The page
 * is chosen on prompt ids first, so rows skipped by the offset are never joined to their versions.
 */
export async function findPrompts(
  db: Db,
  filter: PromptListFilter,
  viewerId: string | null,
): Promise<{ rows: PromptDetail[]; total: number }> {
  const where = listConditions(filter);
  const page = db
    .select({ id: prompts.id })
    .from(prompts)
    .where(where)
    .orderBy(asc(prompts.name))
    .limit(filter.limit)
    .offset(filter.offset)
    .as("page");
  const [rows, total] = await Promise.all([
    selectDetails(db, viewerId).innerJoin(page, eq(page.id, prompts.id)).orderBy(asc(prompts.name)),
    countListed(db, where, { ...filter, limit: null, offset: null }),
  ]);
  return { rows, total };
}

/**
 * How many prompts `where` lists. A page visits twenty prompts but a count every match (tens of
 * thousands in a large catalogue), so counts are kept in the read cache, which drops them on any
 * write to what they depend on (prompts, versions, labels, shares, teams, memberships). `built`
 * is everything `where` was built from.
 */
function countListed(db: Db, where: SQL | undefined, built: object): Promise<number> {
  return cachedRead(db, cacheKey("prompts-count", JSON.stringify(built)), async () => {
    const [row] = await db.select({ n: count() }).from(prompts).where(where);
    return row?.n ?? 0;
  });
}

export type RankedPage = {
  /** Rows skipped after `after` (or from the start). */
  offset: number;
  limit: number;
  after?: PromptPageKey;
};

/**
 * How well a prompt matches `q`, best first: 0 its name is `q`, 1 its name starts with `q`, 2 its
 * name contains `q`, 3 only its description or tags do. Without `q` every prompt ranks 0.
 */
function searchRank(q: string | undefined): SQL<number> {
  if (!q) return sql<number>`0`.mapWith(Number);
  const name = sql`lower(${prompts.name})`;
  return sql<number>`(case when ${name} = lower(${q}) then 0
    when ${name} like lower(${`${escapeLike(q)}%`}) then 1
    when ${name} like lower(${likePattern(q)}) then 2
    else 3 end)`.mapWith(Number);
}

type RankedKey = { id: string; name: string; rank: number };

function findKeysByName(db: Db, where: SQL | undefined, page: RankedPage, rank = searchRank(undefined)) {
  return db
    .select({ id: prompts.id, name: prompts.name, rank })
    .from(prompts)
    .where(where)
    .orderBy(asc(prompts.name))
    .limit(page.limit)
    .offset(page.offset);
}

/**
 * The keys of one page ranked for `q`. Ranks 0–2 are prompts whose name holds `q`, found through
 * the names' trigram index and sorted; rank 3 is the rest, in name order, walked along the name
 * index until the page is full. Sorting every match by rank instead read all of them (45,000 for
 * a common word in 100,000 prompts) to return 25.
 */
async function findRankedKeys(db: Db, where: SQL | undefined, q: string, page: RankedPage): Promise<RankedKey[]> {
  const rank = searchRank(q);
  const nameHolds = sql`lower(${prompts.name}) like lower(${likePattern(q)})`;
  const wanted = page.offset + page.limit;
  const byName = await db
    .select({ id: prompts.id, name: prompts.name, rank })
    .from(prompts)
    .where(and(where, nameHolds))
    .orderBy(rank, asc(prompts.name))
    .limit(wanted);
  const fromNames = byName.slice(page.offset);
  if (byName.length === wanted) return fromNames;
  const rest = await findKeysByName(
    db,
    and(where, not(nameHolds)),
    { offset: Math.max(0, page.offset - byName.length), limit: page.limit - fromNames.length },
    sql<number>`3`.mapWith(Number),
  );
  return [...fromNames, ...rest];
}

/**
 * One page of prompts, best matches of `filter.q` first and then by name, chosen in the database
 * on an order that keys can resume (`after`); `remaining` counts every row after `after`, the
 * page included, so callers can say how many are left.
 */
export async function findRankedPrompts(
  db: Db,
  filter: Omit<PromptListFilter, "limit" | "offset">,
  page: RankedPage,
  viewerId: string | null,
): Promise<{ rows: PromptDetail[]; last: PromptPageKey | null; remaining: number }> {
  const rank = searchRank(filter.q);
  const after = page.after
    ? sql`(${rank}, ${prompts.name}) > (${page.after.rank}::int, ${page.after.name})`
    : undefined;
  const where = and(listConditions(filter), after);
  const [keys, remaining] = await Promise.all([
    filter.q ? findRankedKeys(db, where, filter.q, page) : findKeysByName(db, where, page),
    countListed(db, where, { ...filter, after: page.after ?? null }),
  ]);
  const details =
    keys.length === 0
      ? []
      : await selectDetails(db, viewerId).where(
          inArray(
            prompts.id,
            keys.map((key) => key.id),
          ),
        );
  const byId = new Map(details.map((detail) => [detail.prompt.id, detail]));
  const lastKey = keys.at(-1);
  return {
    rows: keys.flatMap((key) => byId.get(key.id) ?? []),
    last: lastKey ? { rank: lastKey.rank, name: lastKey.name } : null,
    remaining,
  };
}

/**
 * A digest of every prompt `filter` lists, by name, with its description and served version:
 * it changes whenever what a listing shows could, and is computed in the database without
 * sending the rows anywhere.
 */
export async function findListingDigest(db: Db, filter: Omit<PromptListFilter, "limit" | "offset">): Promise<string> {
  const [row] = await db
    .select({
      digest: sql<string>`coalesce(md5(string_agg(
        ${prompts.name} || '/' || ${servedVersionId}::text || '/' || md5(coalesce(${prompts.description}, '')),
        ',' order by ${prompts.name})), 'none')`,
    })
    .from(prompts)
    .where(listConditions(filter));
  return row?.digest ?? "none";
}

export async function findPromptDetail(db: Db, name: string, viewerId: string | null): Promise<PromptDetail | null> {
  const [row] = await selectDetails(db, viewerId).where(eq(prompts.name, name));
  return row ?? null;
}

/** A prompt row, whether it is shared with the viewer, and its owner's team (null without an owner). */
export type PromptAccess = { prompt: PromptRow; sharedWithCaller: boolean; ownerTeamId: string | null };

/** The prompt row and whether it is shared with `viewerId`; `lock` holds it until the transaction ends. */
export async function findPromptAccess(
  db: Db,
  name: string,
  viewerId: string | null,
  options: { lock?: boolean } = {},
): Promise<PromptAccess | null> {
  const query = db
    .select({ prompt: prompts, sharedWithCaller: sharedWith(viewerId), ownerTeamId: users.teamId })
    .from(prompts)
    .leftJoin(users, eq(users.id, prompts.userId))
    .where(eq(prompts.name, name));
  const [row] = options.lock ? await query.for("update", { of: prompts }) : await query;
  return row ?? null;
}

export async function findPromptByName(db: Db, name: string): Promise<PromptRow | null> {
  const [row] = await db.select().from(prompts).where(eq(prompts.name, name));
  return row ?? null;
}

export async function createPrompt(db: Db, values: NewPrompt): Promise<PromptRow> {
  const [row] = await db.insert(prompts).values(values).returning();
  if (!row) throw new Error("insert into prompts returned no row");
  return row;
}

export async function updatePrompt(
  db: Db,
  id: string,
  changes: Partial<Pick<PromptRow, "description" | "visibility" | "isDeprecated">>,
): Promise<void> {
  await db
    .update(prompts)
    .set({ ...changes, updatedAt: sql`clock_timestamp()` })
    .where(eq(prompts.id, id));
}

/**
 * Inserts a version and makes it the prompt's latest. Timestamps come from the clock rather than
 * the transaction start, so a version created after waiting on the prompt's lock still sorts last.
 */
export async function createPromptVersion(
  db: Db,
  values: NewPromptVersion,
  options: { touchPrompt: boolean },
): Promise<PromptVersionRow> {
  const [row] = await db
    .insert(promptVersions)
    .values({ ...values, createdAt: sql`clock_timestamp()` })
    .returning();
  if (!row) throw new Error("insert into prompt_versions returned no row");
  await db
    .update(prompts)
    .set(
      options.touchPrompt
        ? { latestVersionId: row.id, updatedAt: sql`clock_timestamp()` }
        : { latestVersionId: row.id },
    )
    .where(eq(prompts.id, values.promptId));
  return row;
}

/** The version a label points at, or null when the prompt has no such label. */
export async function findLabelVersion(db: Db, promptId: string, label: string): Promise<PromptVersionRow | null> {
  const [row] = await db
    .select({ version: promptVersions })
    .from(promptLabels)
    .innerJoin(promptVersions, eq(promptVersions.id, promptLabels.versionId))
    .where(and(eq(promptLabels.promptId, promptId), eq(promptLabels.label, label)));
  return row?.version ?? null;
}

/** Holds the prompt row until the transaction ends: label changes on one prompt take turns. */
export async function lockPromptById(db: Db, id: string): Promise<void> {
  await db.select({ id: prompts.id }).from(prompts).where(eq(prompts.id, id)).for("update");
}

/** Points a label at a version, creating the label if needed. */
export async function setLabel(
  db: Db,
  values: { promptId: string; label: string; versionId: string; updatedById: string | null },
): Promise<void> {
  const now = sql`clock_timestamp()`;
  await db
    .insert(promptLabels)
    .values({ ...values, updatedAt: now })
    .onConflictDoUpdate({
      target: [promptLabels.promptId, promptLabels.label],
      set: { versionId: values.versionId, updatedById: values.updatedById, updatedAt: now },
    });
}

export async function clearLabel(db: Db, promptId: string, label: string): Promise<void> {
  await db.delete(promptLabels).where(and(eq(promptLabels.promptId, promptId), eq(promptLabels.label, label)));
}

/** Which labels point at each of a prompt's versions: version id → label names, sorted. */
export async function findVersionLabels(db: Db, promptId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ versionId: promptLabels.versionId, label: promptLabels.label })
    .from(promptLabels)
    .where(eq(promptLabels.promptId, promptId))
    .orderBy(asc(promptLabels.label));
  const labels = new Map<string, string[]>();
  for (const row of rows) labels.set(row.versionId, [...(labels.get(row.versionId) ?? []), row.label]);
  return labels;
}

/** Prompts by id with their owner's team, for describing several change requests at once. */
export async function findPromptsByIds(db: Db, ids: string[]): Promise<Map<string, PromptAccess>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ prompt: prompts, sharedWithCaller: sql<boolean>`false`, ownerTeamId: users.teamId })
    .from(prompts)
    .leftJoin(users, eq(users.id, prompts.userId))
    .where(inArray(prompts.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.prompt.id, row]));
}

export async function findVersionsByIds(db: Db, ids: string[]): Promise<Map<string, PromptVersionRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(promptVersions)
    .where(inArray(promptVersions.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row]));
}

/** Every label of these prompts: `promptId label` → version id. */
export async function findLabelsOfPrompts(db: Db, promptIds: string[]): Promise<Map<string, string>> {
  if (promptIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(promptLabels)
    .where(inArray(promptLabels.promptId, [...new Set(promptIds)]));
  return new Map(rows.map((row) => [`${row.promptId} ${row.label}`, row.versionId]));
}

export type AddedLabel = { promptId: string; name: string; version: string; ownerTeamId: string | null };

/**
 * Gives every prompt without `label` one on its latest version, in one statement; what it added.
 * Used when a label becomes protected, so that what each prompt serves does not change.
 */
export async function setLabelOnLatestWhereMissing(
  db: Db,
  label: string,
  updatedById: string | null,
): Promise<AddedLabel[]> {
  return queryRows<AddedLabel>(
    db,
    sql`
    with added as (
      insert into ${promptLabels} (prompt_id, label, version_id, updated_by_id, updated_at)
      select p.id, ${label}, p.latest_version_id, ${updatedById}::uuid, clock_timestamp() from ${prompts} p
      where p.latest_version_id is not null
        and not exists (select 1 from ${promptLabels} pl where pl.prompt_id = p.id and pl.label = ${label})
      returning prompt_id, version_id
    )
    select p.id as "promptId", p.name, v.version, u.team_id as "ownerTeamId"
    from added a
    join ${prompts} p on p.id = a.prompt_id
    join ${promptVersions} v on v.id = a.version_id
    left join ${users} u on u.id = p.user_id
    order by p.name`,
  );
}

export async function findPromptVersions(db: Db, promptId: string): Promise<PromptVersionRow[]> {
  return db
    .select()
    .from(promptVersions)
    .where(eq(promptVersions.promptId, promptId))
    .orderBy(desc(promptVersions.createdAt), desc(promptVersions.id));
}

export async function findVersionOfPrompt(db: Db, promptId: string, version: string): Promise<PromptVersionRow | null> {
  const [row] = await db
    .select()
    .from(promptVersions)
    .where(and(eq(promptVersions.promptId, promptId), eq(promptVersions.version, version)));
  return row ?? null;
}

/**
 * A served version, and whether it may be served when no label is asked for: always, unless
 * `production` is protected and the prompt has no production label (its latest is unapproved).
 */
export type DefaultServedPrompt = ServedPrompt & {
  servedByDefault: boolean;
  /** What serves it by default: its `production` label, else being the latest (the expansion log says which). */
  servedLabel: "production" | "latest";
};

/**
 * The served-versions lookup is on every expansion's path (once for the prompt, once per include
 * level), so it is built once per database handle and kept as a prepared statement: PostgreSQL
 * parses and plans it once per connection instead of on every call.
 */
const servedVersionsQueries = new WeakMap<Db, ReturnType<typeof prepareServedVersions>>();

const productionLabel = alias(promptLabels, "production_label");

function prepareServedVersions(db: Db) {
  const viewerId = sql.placeholder("viewerId");
  const shared = sharedWith(viewerId);
  return db
    .select({
      prompt: prompts,
      version: activeVersion,
      sharedWithCaller: shared,
      // The settings subquery does not depend on the row: PostgreSQL evaluates it once per query.
      servedByDefault: sql<boolean>`(${productionLabel.versionId} is not null or not exists (
        select 1 from ${orgSettings} os where ${PRODUCTION_LABEL} = any(os.protected_labels)))`,
      servedLabel: sql<
        "production" | "latest"
      >`case when ${productionLabel.versionId} is null then 'latest' else 'production' end`,
    })
    .from(prompts)
    .leftJoin(
      productionLabel,
      and(eq(productionLabel.promptId, prompts.id), eq(productionLabel.label, PRODUCTION_LABEL)),
    )
    .innerJoin(
      activeVersion,
      and(
        eq(activeVersion.promptId, prompts.id),
        eq(activeVersion.id, sql`coalesce(${productionLabel.versionId}, ${prompts.latestVersionId})`),
      ),
    )
    .where(and(sql`${prompts.name} = any(${sql.placeholder("names")}::text[])`, not(prompts.isDeprecated)))
    .prepare("pcp_served_versions");
}

/** The version expansion serves for each name (`production` label, else latest), skipping deprecated prompts and prompts without versions; one query. `viewerId` (nullable) is used to compute sharedWithCaller. */
export async function findServedVersions(
  db: Db,
  names: string[],
  viewerId: string | null,
): Promise<Map<string, DefaultServedPrompt>> {
  const served = new Map<string, DefaultServedPrompt>();
  if (names.length === 0) return served;
  let query = servedVersionsQueries.get(db);
  if (!query) {
    query = prepareServedVersions(db);
    servedVersionsQueries.set(db, query);
  }
  const rows = await query.execute({ names: [...new Set(names)], viewerId });
  for (const row of rows) served.set(row.prompt.name, row);
  return served;
}

/** A prompt and the version one of its labels names: null when the prompt has no such label. */
export type LabeledPrompt = { prompt: PromptRow; version: PromptVersionRow | null; sharedWithCaller: boolean };

/** Expansion by label is the second most common lookup (IDEs trying `staging`), so it is prepared too. */
const labeledVersionQueries = new WeakMap<Db, ReturnType<typeof prepareLabeledVersion>>();

const namedLabel = alias(promptLabels, "named_label");
const labeledVersion = alias(promptVersions, "labeled_version");

function prepareLabeledVersion(db: Db) {
  const viewerId = sql.placeholder("viewerId");
  const label = sql`${sql.placeholder("label")}::text`;
  const shared = sharedWith(viewerId);
  return db
    .select({ prompt: prompts, version: labeledVersion, sharedWithCaller: shared })
    .from(prompts)
    .leftJoin(namedLabel, and(eq(namedLabel.promptId, prompts.id), sql`${namedLabel.label} = ${label}`))
    .leftJoin(
      labeledVersion,
      and(
        eq(labeledVersion.promptId, prompts.id),
        sql`${labeledVersion.id} = case when ${label} = ${LATEST_LABEL} then ${prompts.latestVersionId} else ${namedLabel.versionId} end`,
      ),
    )
    .where(and(sql`${prompts.name} = ${sql.placeholder("name")}::text`, not(prompts.isDeprecated)))
    .prepare("pcp_labeled_version");
}

/**
 * The version `label` points at (`latest`: the newest), skipping deprecated prompts; the version
 * is null when the prompt exists but has no such label. One query.
 */
export async function findLabeledVersion(
  db: Db,
  name: string,
  label: string,
  viewerId: string | null,
): Promise<LabeledPrompt | null> {
  let query = labeledVersionQueries.get(db);
  if (!query) {
    query = prepareLabeledVersion(db);
    labeledVersionQueries.set(db, query);
  }
  const [row] = await query.execute({ name, label, viewerId });
  return row ?? null;
}

/** A specific version by its version string (for /expand/{name}/versions/{version}); same skipping rules; one query. */
export async function findPromptVersion(
  db: Db,
  name: string,
  version: string,
  viewerId: string | null,
): Promise<ServedPrompt | null> {
  const [row] = await db
    .select({ prompt: prompts, version: promptVersions, sharedWithCaller: sharedWith(viewerId) })
    .from(prompts)
    .innerJoin(promptVersions, and(eq(promptVersions.promptId, prompts.id), eq(promptVersions.version, version)))
    .where(and(eq(prompts.name, name), not(prompts.isDeprecated)));
  return row ?? null;
}
