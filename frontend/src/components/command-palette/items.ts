import { navigation } from "@/lib/navigation";

/**
 * What the command palette offers, as plain data: pages, actions, and the prompts, workflows,
 * projects and teams found for what was typed. Matching, ranking and grouping are pure functions
 * here, so the dialog only draws their result and they can be tested without a browser.
 */

export type PaletteGroup = "prompts" | "workflows" | "projects" | "teams" | "pages" | "actions";

export const GROUP_LABELS: Record<PaletteGroup, string> = {
  prompts: "Prompts",
  workflows: "Workflows",
  projects: "Projects",
  teams: "Teams",
  pages: "Pages",
  actions: "Actions",
};

/** The order groups appear in when their best matches are equally good. */
const GROUP_ORDER: readonly PaletteGroup[] = ["prompts", "workflows", "projects", "teams", "pages", "actions"];

/** Actions that do something in place rather than open a page. */
export type PaletteCommand = "toggle-theme";

export type PaletteItem = {
  /** Unique across every group: `<group>:<key>`. */
  id: string;
  group: PaletteGroup;
  label: string;
  /** A second line: a description, a slug, the section a page is in. */
  detail?: string | null;
  /** Further words that find the item (a slug, tags, synonyms). */
  keywords?: readonly string[];
  /** The API found it for the query (on a field the palette does not hold): it matches even if no text here does. */
  matchedByServer?: boolean;
  /** Offered only once something is typed, to keep the first view short. */
  onlyWhenTyped?: boolean;
} & ({ href: string; command?: never } | { command: PaletteCommand; href?: never });

export type PaletteGroupResult = { group: PaletteGroup; label: string; items: PaletteItem[] };

/** Who is looking: admins and team owners see more pages and actions. */
export type PaletteViewer = { isAdmin: boolean; isGovernor: boolean };

const SETTINGS_TABS: {
  tab: string;
  label: string;
  adminOnly?: boolean;
  governorsOnly?: boolean;
  keywords: string[];
}[] = [
  { tab: "profile", label: "Profile", keywords: ["account", "password", "name"] },
  { tab: "api-keys", label: "API keys", keywords: ["token", "key", "mcp"] },
  { tab: "connected-apps", label: "Connected apps", keywords: ["ide", "mcp", "oauth"] },
  { tab: "users", label: "Users", adminOnly: true, keywords: ["people", "members", "roles"] },
  { tab: "invitations", label: "Invitations", adminOnly: true, keywords: ["invite", "people"] },
  { tab: "change-control", label: "Change control", adminOnly: true, keywords: ["review", "protected labels"] },
  { tab: "usage", label: "Usage data", adminOnly: true, keywords: ["retention", "expansion log"] },
  { tab: "mcp-access", label: "MCP access", adminOnly: true, keywords: ["anonymous", "public"] },
  { tab: "webhooks", label: "Webhooks", governorsOnly: true, keywords: ["events", "notifications"] },
];

/** Every page the viewer may open: the menu's, then the usage events and each settings tab. */
export function pageItems(viewer: PaletteViewer): PaletteItem[] {
  const menu = navigation
    .filter((item) => viewer.isGovernor || !item.governorsOnly)
    .map((item): PaletteItem => ({ id: `pages:${item.href}`, group: "pages", label: item.label, href: item.href }));
  const events: PaletteItem = {
    id: "pages:/metrics/events",
    group: "pages",
    label: "Usage events",
    detail: "Metrics",
    keywords: ["metrics", "expansions", "log"],
    onlyWhenTyped: true,
    href: "/metrics/events",
  };
  const tabs = SETTINGS_TABS.filter(
    (tab) => (!tab.adminOnly || viewer.isAdmin) && (!tab.governorsOnly || viewer.isGovernor),
  ).map(
    (tab): PaletteItem => ({
      id: `pages:/settings?tab=${tab.tab}`,
      group: "pages",
      label: tab.label,
      detail: "Settings",
      keywords: ["settings", ...tab.keywords],
      onlyWhenTyped: true,
      href: tab.tab === "profile" ? "/settings" : `/settings?tab=${tab.tab}`,
    }),
  );
  return [...menu, events, ...tabs];
}

/** Query parameter that makes the API keys tab open its "New API key" dialog. */
export const NEW_API_KEY_PARAM = "new";

/** The common actions; inviting people is the admins' (team owners invite from their team's page). */
export function actionItems(viewer: PaletteViewer): PaletteItem[] {
  const actions: PaletteItem[] = [
    {
      id: "actions:new-prompt",
      group: "actions",
      label: "New prompt",
      keywords: ["create", "add"],
      href: "/prompts/new",
    },
    {
      id: "actions:new-workflow",
      group: "actions",
      label: "New workflow",
      keywords: ["create", "add"],
      href: "/workflows/new",
    },
    {
      id: "actions:new-project",
      group: "actions",
      label: "New project",
      keywords: ["create", "add"],
      href: "/projects/new",
    },
    {
      id: "actions:create-api-key",
      group: "actions",
      label: "Create API key",
      keywords: ["new", "token", "mcp", "ide"],
      href: `/settings?tab=api-keys&${NEW_API_KEY_PARAM}=1`,
    },
    {
      id: "actions:toggle-theme",
      group: "actions",
      label: "Toggle theme",
      detail: "Switch between light and dark",
      keywords: ["dark mode", "light mode", "appearance"],
      command: "toggle-theme",
    },
  ];
  if (viewer.isAdmin) {
    actions.splice(3, 0, {
      id: "actions:invite-people",
      group: "actions",
      label: "Invite people",
      keywords: ["invitation", "users", "add member"],
      href: "/settings?tab=invitations",
    });
  }
  return actions;
}

export function promptItems(
  prompts: readonly { name: string; description?: string | null; tags?: readonly string[] }[],
): PaletteItem[] {
  return prompts.map((prompt) => ({
    id: `prompts:${prompt.name}`,
    group: "prompts",
    label: prompt.name,
    detail: prompt.description,
    keywords: prompt.tags,
    matchedByServer: true,
    onlyWhenTyped: true,
    href: `/prompts/${encodeURIComponent(prompt.name)}`,
  }));
}

export function workflowItems(workflows: readonly { id: string; name: string; description: string | null }[]) {
  return workflows.map(
    (workflow): PaletteItem => ({
      id: `workflows:${workflow.id}`,
      group: "workflows",
      label: workflow.name,
      detail: workflow.description,
      onlyWhenTyped: true,
      href: `/workflows/${encodeURIComponent(workflow.id)}`,
    }),
  );
}

export function projectItems(
  projects: readonly { id: string; name: string; slug: string; description: string | null }[],
) {
  return projects.map(
    (project): PaletteItem => ({
      id: `projects:${project.id}`,
      group: "projects",
      label: project.name,
      detail: project.slug,
      keywords: [project.slug, project.id],
      onlyWhenTyped: true,
      href: `/projects/${encodeURIComponent(project.id)}`,
    }),
  );
}

export function teamItems(teams: readonly { id: string; name: string; slug: string }[]) {
  return teams.map(
    (team): PaletteItem => ({
      id: `teams:${team.id}`,
      group: "teams",
      label: team.name,
      detail: team.slug,
      keywords: [team.slug],
      onlyWhenTyped: true,
      href: `/teams?team=${encodeURIComponent(team.id)}`,
    }),
  );
}

const normalize = (text: string) => text.trim().toLowerCase().replace(/\s+/g, " ");

/** Where words start in a label: after a space, '-', '_', '/', '.' or ':'. */
const WORD_START = /(?:^|[\s\-_/.:])(\S)/g;

/**
 * How well `item` matches `query`: 0 the label exactly, 1 the label's start, 2 the start of one
 * of its words, 3 anywhere in the label, 4 every typed word somewhere in the label, detail or
 * keywords (or the API found it); null when it does not match. An empty query matches everything
 * equally (5), so the given order stands.
 */
export function matchScore(item: PaletteItem, query: string): number | null {
  const wanted = normalize(query);
  if (!wanted) return 5;
  const label = normalize(item.label);
  if (label === wanted) return 0;
  if (label.startsWith(wanted)) return 1;
  for (const match of label.matchAll(WORD_START)) {
    if (label.startsWith(wanted, (match.index ?? 0) + match[0].length - 1)) return 2;
  }
  if (label.includes(wanted)) return 3;
  const haystack = normalize([item.label, item.detail ?? "", ...(item.keywords ?? [])].join(" "));
  if (wanted.split(" ").every((word) => haystack.includes(word))) return 4;
  return item.matchedByServer ? 4 : null;
}

/** How many items each group shows: a short list per kind, so every kind stays in view. */
export const PER_GROUP = 5;

/**
 * The matching items, grouped: within a group best match first (ties keep the given order), and
 * groups ordered by their best match, so what was typed exactly comes first whatever its kind.
 * With nothing typed, only the menu's pages and the actions are offered (people type to find their items).
 */
export function groupResults(items: readonly PaletteItem[], query: string, perGroup = PER_GROUP): PaletteGroupResult[] {
  const typed = normalize(query) !== "";
  const scored = new Map<PaletteGroup, { item: PaletteItem; score: number; order: number }[]>();
  items.forEach((item, order) => {
    if (!typed && item.onlyWhenTyped) return;
    const score = matchScore(item, query);
    if (score === null) return;
    const list = scored.get(item.group) ?? [];
    list.push({ item, score, order });
    scored.set(item.group, list);
  });
  const groups = GROUP_ORDER.flatMap((group) => {
    const list = scored.get(group);
    if (!list?.length) return [];
    list.sort((a, b) => a.score - b.score || a.order - b.order);
    // With nothing typed every menu page and action is worth seeing: they are the map of the app.
    const limit = typed ? perGroup : list.length;
    return [{ group, best: list[0]?.score ?? 5, items: list.slice(0, limit).map((entry) => entry.item) }];
  });
  groups.sort((a, b) => a.best - b.best || GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
  return groups.map(({ group, items }) => ({ group, label: GROUP_LABELS[group], items }));
}

/** The items in the order the arrow keys walk them. */
export function flattenResults(groups: readonly PaletteGroupResult[]): PaletteItem[] {
  return groups.flatMap((group) => group.items);
}

/** The item `step` places after `currentId` (wrapping around); the first when none is current. */
export function moveActive(items: readonly PaletteItem[], currentId: string | null, step: 1 | -1): string | null {
  if (items.length === 0) return null;
  const at = items.findIndex((item) => item.id === currentId);
  if (at < 0) return (step === 1 ? items[0] : items[items.length - 1])?.id ?? null;
  return items[(at + step + items.length) % items.length]?.id ?? null;
}
