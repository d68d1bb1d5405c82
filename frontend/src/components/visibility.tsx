import { Globe, Lock, Users } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { Visibility } from "@/lib/api/types";

export const VISIBILITY_OPTIONS: { value: Visibility; label: string; description: string }[] = [
  { value: "private", label: "Private", description: "You, admins, and people you share it with" },
  { value: "org", label: "Organization", description: "Everyone signed in" },
  { value: "public", label: "Public", description: "Also anonymous callers and MCP clients without a key" },
];

/** The help line under a visibility select; `orgDescription` words the "org" case for the item at hand. */
export function visibilityDescription(visibility: Visibility, orgDescription?: string): string | undefined {
  if (visibility === "org" && orgDescription) return orgDescription;
  return VISIBILITY_OPTIONS.find((option) => option.value === visibility)?.description;
}

export function isVisibility(value: string | null | undefined): value is Visibility {
  return VISIBILITY_OPTIONS.some((option) => option.value === value);
}

const ICONS = { private: Lock, org: Users, public: Globe } as const;

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const Icon = ICONS[visibility];
  const label = VISIBILITY_OPTIONS.find((option) => option.value === visibility)?.label ?? visibility;
  return (
    <Badge variant="outline" title={`Visibility: ${label}`}>
      <Icon className="size-3" aria-hidden />
      {label}
    </Badge>
  );
}

/** The choices of a visibility `<Select>`, so every form offers them in the same order and words. */
export function VisibilityOptions() {
  return VISIBILITY_OPTIONS.map((option) => (
    <option key={option.value} value={option.value}>
      {option.label}
    </option>
  ));
}
