import {
  BarChart3,
  FileText,
  FolderKanban,
  GitPullRequestArrow,
  LayoutDashboard,
  type LucideIcon,
  Network,
  ScrollText,
  Settings,
  Workflow,
} from "lucide-react";

export type NavItem = {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Only for admins and team owners, who may read more of the audit log than their own actions. */
  governorsOnly?: boolean;
};

/**
 * The app shell's menu, in order. Only pages that exist are listed: add an entry when a page is
 * built (Teams, Workflows, Projects, Metrics, Settings), and the menu and the first-run guide
 * start linking to it.
 */
export const navigation: NavItem[] = [
  { href: "/", label: "Dashboard", icon: LayoutDashboard },
  { href: "/prompts", label: "Prompts", icon: FileText },
  { href: "/workflows", label: "Workflows", icon: Workflow },
  { href: "/projects", label: "Projects", icon: FolderKanban },
  { href: "/reviews", label: "Reviews", icon: GitPullRequestArrow },
  { href: "/teams", label: "Teams", icon: Network },
  { href: "/metrics", label: "Metrics", icon: BarChart3 },
  { href: "/audit", label: "Audit", icon: ScrollText, governorsOnly: true },
  { href: "/settings", label: "Settings", icon: Settings },
];

/** Whether `href` (or the section it belongs to) is one of the built pages above. */
export function isBuiltPage(href: string): boolean {
  return navigation.some((item) => item.href === href || (item.href !== "/" && href.startsWith(`${item.href}/`)));
}

/** Whether the menu entry `item` is the section the user is in. */
export function isActive(item: NavItem, pathname: string): boolean {
  return item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
}

/** Stands in for this site's origin: only whether a target stays on it matters. */
const SITE = "http://spechub.invalid";

/**
 * A `next` target taken from the URL, kept only when it is a path on this site: an absolute or
 * protocol-relative URL would turn the sign-in page into an open redirect. Browsers drop tabs
 * and newlines inside URLs and read a backslash as a slash, so `/<tab>/evil.example` means
 * `//evil.example`: such characters are refused outright, and what is left must still resolve to
 * this site.
 */
export function safeNextPath(next: string | string[] | null | undefined, fallback = "/"): string {
  const value = Array.isArray(next) ? next[0] : next;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (!value?.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let target: URL;
  try {
    target = new URL(value, SITE);
  } catch {
    return fallback;
  }
  if (target.origin !== SITE) return fallback;
  return target.pathname + target.search + target.hash;
}

/** The sign-in page, returning to `next` afterwards (omitted for the dashboard). */
export function loginPath(next?: string): string {
  const target = safeNextPath(next, "/");
  return target === "/" || target.startsWith("/login") ? "/login" : `/login?next=${encodeURIComponent(target)}`;
}
