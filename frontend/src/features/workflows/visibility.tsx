import { Globe, Lock, Users } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { Visibility } from "@/lib/api/types";

export const VISIBILITY_OPTIONS: { value: Visibility; label: string; description: string }[] = [
  { value: "private", label: "Private", description: "You, admins, and people you share it with" },
  { value: "org", label: "Organization", description: "Everyone signed in can see and run it" },
  { value: "public", label: "Public", description: "Also anonymous callers and MCP clients without a key" },
];

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
