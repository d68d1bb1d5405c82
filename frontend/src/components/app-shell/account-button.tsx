"use client";

import { Button, type ButtonProps } from "@/components/ui/button";
import type { CurrentUser } from "@/lib/api/types";
import { useCurrentUser } from "@/lib/session";

/** How the account menu names the signed-in user. */
export function accountName(user: CurrentUser): string {
  return user.display_name || user.username;
}

function initials(name: string): string {
  const parts = name.split(/[\s._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "") + (parts[1]?.[0] ?? "")).toUpperCase() || "?";
}

/** The account menu's button: the user's initials and name. Also stands in for the menu while it loads. */
export function AccountButton(props: ButtonProps) {
  const name = accountName(useCurrentUser());
  return (
    <Button variant="ghost" className="gap-2 px-2" aria-label={`Account menu for ${name}`} {...props}>
      {/* The initials are drawn by CSS, not written as text: the button's accessible name
          must contain the words it shows (WCAG 2.5.3), and "AL" is not part of it. */}
      <span
        aria-hidden
        data-initials={initials(name)}
        className="flex size-7 items-center justify-center rounded-full bg-primary/15 text-xs font-semibold text-primary before:content-[attr(data-initials)]"
      />
      <span className="hidden max-w-40 truncate text-sm sm:inline">{name}</span>
    </Button>
  );
}
