"use client";

import { Activity, KeyRound, Mail, PlugZap, ShieldCheck, UserRound, Users, Waypoints, Webhook } from "lucide-react";
import dynamic from "next/dynamic";
import { PageHeader } from "@/components/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useIsGovernor } from "@/lib/audit-access";
import { useCurrentUser } from "@/lib/session";
import { useUrlParams } from "@/lib/use-url-params";
import { useMe } from "./api";

/** Each tab's section loads when the tab is shown, so the page carries only the code of the one in view. */
function SectionSkeleton() {
  return (
    <div aria-busy className="grid gap-4 pt-2">
      <span className="sr-only">Loading…</span>
      <Skeleton className="h-40" />
      <Skeleton className="h-24" />
    </div>
  );
}
const loading = () => <SectionSkeleton />;
const ProfileSection = dynamic(() => import("./profile-section").then((module) => module.ProfileSection), { loading });
const ApiKeysSection = dynamic(() => import("./api-keys-section").then((module) => module.ApiKeysSection), { loading });
const ConnectedAppsSection = dynamic(
  () => import("./connected-apps-section").then((module) => module.ConnectedAppsSection),
  { loading },
);
const UsersSection = dynamic(() => import("./users-section").then((module) => module.UsersSection), { loading });
const InvitationsSection = dynamic(() => import("./invitations-section").then((module) => module.InvitationsSection), {
  loading,
});
const ChangeControlSection = dynamic(
  () => import("./change-control-section").then((module) => module.ChangeControlSection),
  { loading },
);
const UsageDataSection = dynamic(() => import("./usage-data-section").then((module) => module.UsageDataSection), {
  loading,
});
const McpAccessSection = dynamic(() => import("./mcp-access-section").then((module) => module.McpAccessSection), {
  loading,
});
const WebhooksSection = dynamic(
  () => import("@/features/webhooks/webhooks-section").then((module) => module.WebhooksSection),
  { loading },
);
const WebhookPrivateAddressesSection = dynamic(
  () => import("./webhook-private-addresses").then((module) => module.WebhookPrivateAddressesSection),
  { loading },
);

const PARAMS = ["tab", "q", "page", "status", "team"] as const;
const TABS = [
  "profile",
  "api-keys",
  "connected-apps",
  "users",
  "invitations",
  "change-control",
  "usage",
  "mcp-access",
  "webhooks",
] as const;
type Tab = (typeof TABS)[number];
const ADMIN_TABS: readonly Tab[] = ["users", "invitations", "change-control", "usage", "mcp-access"];

/** The caller's own account, their API keys and connected IDEs and, for admins, the organization's people and rules. */
export function SettingsView() {
  const me = useMe(useCurrentUser()).data;
  const isAdmin = me.role === "admin";
  // Webhooks are for admins and for team owners, who manage those of their teams.
  const managesWebhooks = useIsGovernor(me);
  const [params, setParams] = useUrlParams(PARAMS);
  const requested = TABS.find((tab) => tab === params.tab) ?? "profile";
  // A member following an admin's link lands on their profile instead of an empty tab.
  const tab: Tab =
    (!isAdmin && ADMIN_TABS.includes(requested)) || (requested === "webhooks" && !managesWebhooks)
      ? "profile"
      : requested;

  return (
    <>
      <PageHeader
        title="Settings"
        description={
          isAdmin
            ? "Your account, API keys and connected IDEs, the people in your organization, how changes are reviewed, what the expansion log keeps, who may use MCP without signing in, and webhooks."
            : managesWebhooks
              ? "Your account, API keys and connected IDEs, and the webhooks of the teams you manage."
              : "Your account, API keys and connected IDEs."
        }
      />
      <Tabs
        value={tab}
        // Each tab keeps its own filters; switching starts the new one unfiltered.
        onValueChange={(next) =>
          setParams({ tab: next === "profile" ? null : next, q: null, page: null, status: null, team: null })
        }
      >
        <TabsList aria-label="Settings sections">
          <TabsTrigger value="profile">
            <UserRound aria-hidden />
            Profile
          </TabsTrigger>
          <TabsTrigger value="api-keys">
            <KeyRound aria-hidden />
            API keys
          </TabsTrigger>
          <TabsTrigger value="connected-apps">
            <PlugZap aria-hidden />
            Connected apps
          </TabsTrigger>
          {isAdmin ? (
            <>
              <TabsTrigger value="users">
                <Users aria-hidden />
                Users
              </TabsTrigger>
              <TabsTrigger value="invitations">
                <Mail aria-hidden />
                Invitations
              </TabsTrigger>
              <TabsTrigger value="change-control">
                <ShieldCheck aria-hidden />
                Change control
              </TabsTrigger>
              <TabsTrigger value="usage">
                <Activity aria-hidden />
                Usage data
              </TabsTrigger>
              <TabsTrigger value="mcp-access">
                <Waypoints aria-hidden />
                MCP access
              </TabsTrigger>
            </>
          ) : null}
          {managesWebhooks ? (
            <TabsTrigger value="webhooks">
              <Webhook aria-hidden />
              Webhooks
            </TabsTrigger>
          ) : null}
        </TabsList>
        <TabsContent value="profile">
          <ProfileSection me={me} />
        </TabsContent>
        <TabsContent value="api-keys">
          <ApiKeysSection />
        </TabsContent>
        <TabsContent value="connected-apps">
          <ConnectedAppsSection />
        </TabsContent>
        {isAdmin ? (
          <>
            <TabsContent value="users">
              <UsersSection
                me={me}
                q={params.q}
                status={params.status}
                team={params.team}
                page={Math.max(1, Number.parseInt(params.page, 10) || 1)}
                onChange={(changes) => setParams(changes)}
              />
            </TabsContent>
            <TabsContent value="invitations">
              <InvitationsSection status={params.status} onStatusChange={(status) => setParams({ status })} />
            </TabsContent>
            <TabsContent value="change-control">
              <ChangeControlSection />
            </TabsContent>
            <TabsContent value="usage">
              <UsageDataSection />
            </TabsContent>
            <TabsContent value="mcp-access">
              <McpAccessSection />
            </TabsContent>
          </>
        ) : null}
        {managesWebhooks ? (
          <TabsContent value="webhooks">
            <div className="grid gap-6">
              <WebhooksSection me={me} />
              {isAdmin ? <WebhookPrivateAddressesSection /> : null}
            </div>
          </TabsContent>
        ) : null}
      </Tabs>
    </>
  );
}
