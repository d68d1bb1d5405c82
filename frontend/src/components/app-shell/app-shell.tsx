"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type * as React from "react";
import { Brand } from "@/components/brand";
import { CommandPaletteTrigger } from "@/components/command-palette/palette-trigger";
import { useIsGovernor } from "@/lib/audit-access";
import { isActive, type NavItem, navigation } from "@/lib/navigation";
import { useReviewsWaiting } from "@/lib/review-count";
import { useCurrentUser } from "@/lib/session";
import { cn } from "@/lib/utils";
import { UserMenu } from "./lazy-user-menu";
import { ThemeToggle } from "./theme-toggle";

/** How many change requests wait for the user's review, on the Reviews entry; nothing when none. */
function WaitingBadge({ count }: { count: number | undefined }) {
  if (!count) return null;
  return (
    // Relative: the screen-reader text is positioned absolutely, and must stay inside the scrolling menu row.
    <span className="relative ml-auto rounded-full bg-primary px-1.5 text-xs font-semibold text-primary-foreground tabular-nums">
      {count > 99 ? "99+" : count}
      <span className="sr-only"> waiting for your review</span>
    </span>
  );
}

function NavLinks({
  items,
  pathname,
  waiting,
  orientation,
}: {
  items: NavItem[];
  pathname: string;
  waiting: number | undefined;
  orientation: "vertical" | "horizontal";
}) {
  return (
    <ul className={cn("flex gap-1", orientation === "vertical" ? "flex-col" : "flex-row")}>
      {items.map((item) => {
        const active = isActive(item, pathname);
        const Icon = item.icon;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2 whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground",
                active && "bg-accent text-accent-foreground",
              )}
            >
              <Icon className="size-4" aria-hidden />
              {item.label}
              {item.href === "/reviews" ? <WaitingBadge count={waiting} /> : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** The signed-in frame: menu, account and theme controls around each page's content. */
export function AppShell({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  const governor = useIsGovernor(useCurrentUser());
  const waiting = useReviewsWaiting().data;
  const items = navigation.filter((item) => governor || !item.governorsOnly);
  return (
    <div className="flex min-h-dvh">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <aside className="hidden w-60 shrink-0 border-r bg-card/40 md:flex md:flex-col">
        <div className="flex h-14 items-center border-b px-4">
          <Brand />
        </div>
        <nav aria-label="Main" className="flex-1 p-3">
          <NavLinks items={items} pathname={pathname} waiting={waiting} orientation="vertical" />
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <div className="sticky top-0 z-30 border-b bg-background/90 backdrop-blur">
          <header className="flex h-14 items-center gap-2 px-4">
            <Brand className="md:hidden" />
            <div className="ml-auto flex items-center gap-1">
              <CommandPaletteTrigger />
              <ThemeToggle />
              <UserMenu />
            </div>
          </header>
          {/* Small screens have no sidebar: the menu becomes a scrollable row under the header. */}
          <nav aria-label="Main" className="overflow-x-auto px-2 pb-2 md:hidden">
            <NavLinks items={items} pathname={pathname} waiting={waiting} orientation="horizontal" />
          </nav>
        </div>
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none md:px-8 md:py-8"
        >
          {children}
        </main>
      </div>
    </div>
  );
}
