// Seeds an organization of a given size straight through SQL (INSERT … SELECT generate_series), as
// the API would have left it: a team tree under the root team, users in it (the users trigger adds
// their primary team to user_teams; a tenth belong to a second team), prompts with their versions,
// latest_version_id, production and staging labels, tags, a mix of org, public and private prompts
// (half of the private ones shared with a team or a user), and policies and objectives on every
// team, so that a member deep in the tree inherits them along the whole chain.

/** The sizes of `npm run bench:scale`; depth counts the root team as the first level. */
export const SCALE_SIZES = {
  small: { prompts: 100, versions: 3, users: 50, teams: 20, depth: 4, events: 10_000 },
  medium: { prompts: 10_000, versions: 3, users: 2_000, teams: 500, depth: 8, events: 1_000_000 },
  large: { prompts: 100_000, versions: 3, users: 20_000, teams: 5_000, depth: 12, events: 10_000_000 },
};

const TEAM_WORDS = ["Platform", "Payments", "Search", "Mobile", "Data", "Security", "Infra", "Growth", "Billing"];
const FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Margaret", "Linus", "Donald", "Frances"];
const LAST_NAMES = ["Smith", "Lovelace", "Hopper", "Turing", "Liskov", "Thompson", "Hamilton", "Knuth", "Allen"];
const TASKS = [
  "Code review checklist",
  "Summarize a pull request",
  "Write unit tests",
  "Explain a stack trace",
  "Draft release notes",
  "Review a SQL migration",
  "Refactor legacy code",
  "Triage a bug report",
];
const TAGS = ["python", "typescript", "go", "sql", "review", "docs", "testing", "security"];
const INPUT_SCHEMA = JSON.stringify({
  type: "object",
  properties: { input: { type: "string", description: "Free-text input" } },
  required: ["input"],
});
/** A prompt's number, from its name `p-<n>`. */
const PROMPT_NUMBER = "substring(p.name from 3)::int";

/**
 * How many teams each level below the root holds: deeper levels hold more (level k gets k shares),
 * as organizations widen towards their leaves, and every level holds at least one.
 */
export function teamsPerLevel({ teams, depth }) {
  const levels = depth - 1;
  const shares = (levels * (levels + 1)) / 2;
  const counts = Array.from({ length: levels }, (_, i) => Math.max(1, Math.floor((teams * (i + 1)) / shares)));
  counts[levels - 1] += teams - counts.reduce((sum, count) => sum + count, 0);
  return counts;
}

/** Each level's teams hang evenly under the level above; the ids of every level, the root's first. */
async function seedTeams(client, size, rootTeamId) {
  const levels = [[rootTeamId]];
  for (const [i, count] of teamsPerLevel(size).entries()) {
    const level = i + 2;
    const { rows } = await client.query(
      `insert into teams (name, slug, description, parent_team_id)
       select ($4::text[])[1 + i % cardinality($4::text[])] || ' ' || $1::int || '.' || i, 'team-' || $1::int || '-' || i,
         'Level ' || $1::int || ' team', ($3::uuid[])[1 + i % cardinality($3::uuid[])]
       from generate_series(0, $2::int - 1) i
       returning id`,
      [level, count, levels[i], TEAM_WORDS],
    );
    levels.push(rows.map((row) => row.id));
  }
  return levels;
}

async function seedUsers(client, size, teamIds) {
  await client.query(
    `insert into users (team_id, username, email, display_name)
     select ($1::uuid[])[1 + (i * 7919) % cardinality($1::uuid[])], 'user-' || i, 'user-' || i || '@scale.example',
       ($3::text[])[1 + i % cardinality($3::text[])] || ' ' || ($4::text[])[1 + (i / 10) % cardinality($4::text[])]
     from generate_series(1, $2::int) i`,
    [teamIds, size.users, FIRST_NAMES, LAST_NAMES],
  );
  // A tenth of the users work in a second team too (position 1; the trigger added the primary).
  await client.query(
    `insert into user_teams (user_id, team_id, position)
     select u.id, ($1::uuid[])[1 + (substring(u.username from 6)::int * 104729) % cardinality($1::uuid[])], 1
     from users u where u.username like 'user-%' and substring(u.username from 6)::int % 10 = 0
     on conflict do nothing`,
    [teamIds],
  );
  await client.query(
    `update teams t set owner_id = o.id
     from (select t2.id as team_id, (select u.id from users u where u.team_id = t2.id limit 1) as id from teams t2) o
     where o.team_id = t.id and o.id is not null and substring(md5(t.slug) from 1 for 1) < '8'`,
  );
  const { rows } = await client.query("select id from users where username like 'user-%' order by username");
  return rows.map((row) => row.id);
}

/** Prompts `p-0` … with their versions (a day apart), latest_version_id, labels and shares. */
async function seedPrompts(client, size, userIds) {
  await client.query(
    `insert into prompts (name, description, visibility, user_id, is_deprecated, created_at, updated_at)
     select 'p-' || i, ($3::text[])[1 + i % cardinality($3::text[])] || ' (' || i || ')',
       case when i % 10 < 4 then 'org' when i % 10 < 6 then 'public' else 'private' end,
       ($2::uuid[])[1 + (i * 31) % cardinality($2::uuid[])], i % 50 = 49,
       now() - interval '90 days' + i * interval '1 second', now() - interval '90 days' + i * interval '1 second'
     from generate_series(0, $1::int - 1) i`,
    [size.prompts, userIds, TASKS],
  );
  await client.query(
    `insert into prompt_versions (prompt_id, version, system_template, user_template, input_schema, tags,
       change_note, created_by_id, created_at)
     select p.id, '1.0.' || v, case when v > 1 then 'You are a careful senior engineer.' end,
       'Task ' || p.name || ', version ' || v || ': {{ input }}', $2::json,
       array(select distinct unnest(array[($3::text[])[1 + ${PROMPT_NUMBER} % 8],
         ($3::text[])[1 + (${PROMPT_NUMBER} / 8 + v) % 8]])),
       'Version ' || v, p.user_id, p.created_at + v * interval '1 day'
     from prompts p cross join generate_series(1, $1::int) v`,
    [size.versions, INPUT_SCHEMA, TAGS],
  );
  await client.query(
    `update prompts p set latest_version_id = v.id
     from (select distinct on (prompt_id) id, prompt_id from prompt_versions order by prompt_id, created_at desc) v
     where v.prompt_id = p.id`,
  );
  // Production (on 70%) trails the latest version by one; staging (on 20%) is the latest.
  await client.query(
    `insert into prompt_labels (prompt_id, label, version_id, updated_by_id)
     select p.id, 'production', v.id, p.user_id
     from prompts p join prompt_versions v on v.prompt_id = p.id and v.version = '1.0.' || greatest(1, $1::int - 1)
     where ${PROMPT_NUMBER} % 10 < 7
     union all
     select p.id, 'staging', p.latest_version_id, p.user_id from prompts p where ${PROMPT_NUMBER} % 5 = 1`,
    [size.versions],
  );
  // Private prompts 6 and 7 (of every ten) are shared with their owner's team and its sub-teams,
  // private prompts 8 with another user; private prompts 9 stay their owner's.
  await client.query(
    `insert into prompt_shares (prompt_id, team_id, include_subteams)
     select p.id, u.team_id, true from prompts p join users u on u.id = p.user_id where ${PROMPT_NUMBER} % 10 in (6, 7)`,
  );
  await client.query(
    `insert into prompt_shares (prompt_id, user_id)
     select s.id, s.grantee from (
       select p.id, p.user_id, ($1::uuid[])[1 + (${PROMPT_NUMBER} * 17) % cardinality($1::uuid[])] as grantee
       from prompts p where ${PROMPT_NUMBER} % 10 = 8) s
     where s.grantee <> s.user_id`,
    [userIds],
  );
}

/** Two policies (of rotating enforcement types) and one objective on every team, the root's too. */
async function seedGovernance(client) {
  await client.query(
    `insert into policies (team_id, name, enforcement_type, content, priority)
     select t.id, 'policy-' || t.slug || '-' || k,
       (array['prepend', 'append', 'inject', 'validate'])[1 + (k + ascii(md5(t.slug))) % 4],
       'Rule ' || k || ' of ' || t.name || ': follow the house style and cite the ticket.', k % 7
     from teams t cross join generate_series(1, 2) k`,
  );
  await client.query(
    `insert into objectives (team_id, title, description)
     select t.id, 'Objective of ' || t.name, 'Ship what ' || t.name || ' promised this quarter' from teams t`,
  );
}

/**
 * Seeds the organization of `size` under the root team, moves the member into a team of the
 * deepest level, and refreshes the planner's statistics; the counts seeded.
 */
export async function seedScaleOrganization(client, size, { rootTeamId, memberId }) {
  const levels = await seedTeams(client, size, rootTeamId);
  const teamIds = levels.slice(1).flat();
  const userIds = await seedUsers(client, size, teamIds);
  await client.query("update users set team_id = $1 where id = $2", [levels.at(-1)[0], memberId]);
  await seedPrompts(client, size, userIds);
  await seedGovernance(client);
  await client.query("analyze");
  const { rows } = await client.query(
    `select (select count(*) from teams)::int as teams, (select count(*) from users)::int as users,
       (select count(*) from prompts)::int as prompts, (select count(*) from prompt_versions)::int as versions,
       (select count(*) from prompt_shares)::int as shares, (select count(*) from policies)::int as policies,
       (select count(*) from objectives)::int as objectives`,
  );
  return { ...rows[0], depth: levels.length };
}
