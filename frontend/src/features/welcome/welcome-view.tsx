"use client";

import { ArrowRight, FilePlus2, Plug, UserPlus, Users } from "lucide-react";
import Link from "next/link";
import * as React from "react";
import { CopyButton } from "@/components/copy-button";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { isBuiltPage } from "@/lib/navigation";
import { scrollRegion } from "@/lib/scroll-region";
import { useCurrentUser } from "@/lib/session";
import { MemberGuide } from "./member-guide";

type Step = {
  id: string;
  icon: typeof Users;
  title: string;
  body: React.ReactNode;
  /** Linked only once the page exists (see lib/navigation). */
  link?: { href: string; label: string };
};

const STEPS: Step[] = [
  {
    id: "build-teams",
    icon: Users,
    title: "Build your teams",
    body: "Your organization is the root team. Add teams beneath it to mirror how you work: policies and objectives set on a team apply to everyone below it.",
    link: { href: "/teams", label: "Open Teams" },
  },
  {
    id: "invite-people",
    icon: UserPlus,
    title: "Invite people",
    body: "Invite colleagues by email into a team. Each invitation is a one-time link: they choose their username and password when they accept it.",
    link: { href: "/settings", label: "Open Settings" },
  },
  {
    id: "write-prompt",
    icon: FilePlus2,
    title: "Write a prompt",
    body: "A prompt is a versioned pair of system and user templates with an input schema. Try it in the playground to see what your IDE will receive, with your policies applied.",
    link: { href: "/prompts/new", label: "Write a prompt" },
  },
];

function ConnectIde() {
  // Known only in the browser: the address people reach SpecHub at, which is also where /mcp is served.
  const [origin, setOrigin] = React.useState("https://spechub.example.com");
  React.useEffect(() => setOrigin(window.location.origin), []);
  const endpoint = `${origin}/mcp`;
  const config = JSON.stringify(
    {
      mcpServers: {
        // Literally "${PCP_API_KEY}": clients fill it in from the environment, so no key is written to the file.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is meant for the MCP client
        spechub: { type: "http", url: endpoint, headers: { Authorization: "Bearer ${PCP_API_KEY}" } },
      },
    },
    null,
    2,
  );
  return (
    <div className="grid gap-4 text-sm">
      <p className="text-muted-foreground">
        Point your AI assistant at SpecHub&apos;s MCP endpoint. Your prompts appear as tools and slash commands, and
        every expansion applies your team&apos;s policies. Without an API key only public prompts are available: create
        a key with the scopes <strong className="text-foreground">read</strong> and{" "}
        <strong className="text-foreground">expand</strong> and keep it in the{" "}
        <code className="font-mono">PCP_API_KEY</code> environment variable.
      </p>
      <div className="grid gap-1.5">
        <span className="font-medium">MCP endpoint</span>
        <div className="flex items-center gap-2">
          <code className="min-w-0 flex-1 truncate rounded-md border bg-muted px-3 py-2 font-mono text-xs">
            {endpoint}
          </code>
          <CopyButton text={endpoint} label="Copy MCP endpoint" />
        </div>
      </div>
      <div className="grid gap-1.5">
        <div className="flex items-center justify-between">
          <span className="font-medium">
            Client configuration (<code className="font-mono">.mcp.json</code>)
          </span>
          <CopyButton text={config} label="Copy client configuration" />
        </div>
        <pre
          {...scrollRegion("MCP configuration")}
          className="overflow-x-auto rounded-md border bg-muted p-3 font-mono text-xs"
        >
          {config}
        </pre>
      </div>
    </div>
  );
}

/**
 * The first-run guide, by role: admins get what to set up, in order, with links to the pages that
 * do it; members get their team, their governance and how to connect their IDE.
 */
export function WelcomeView() {
  const user = useCurrentUser();
  const isAdmin = user.role === "admin";
  return (
    <>
      <PageHeader
        title={`Welcome to SpecHub, ${user.display_name || user.username}`}
        description={
          isAdmin
            ? "Four steps take your organization from an empty registry to prompts in every developer's IDE."
            : "Where you sit, what governs your prompts, and how to bring them into your IDE."
        }
      />
      {isAdmin ? <AdminGuide /> : <MemberGuide />}
      <div className="mt-6 flex justify-end">
        <Button asChild>
          <Link href="/">
            Go to the dashboard
            <ArrowRight aria-hidden />
          </Link>
        </Button>
      </div>
    </>
  );
}

/** The admin's set-up guide: build teams, invite people, write a prompt, connect an IDE. */
function AdminGuide() {
  return (
    <ol className="grid gap-4">
      {STEPS.map((step, index) => (
        <li key={step.id}>
          <Card id={step.id}>
            <CardHeader className="flex-row items-start gap-4">
              <StepNumber n={index + 1} icon={step.icon} />
              <div className="grid gap-1.5">
                <CardTitle>{step.title}</CardTitle>
                <CardDescription>{step.body}</CardDescription>
              </div>
            </CardHeader>
            {step.link && isBuiltPage(step.link.href) ? (
              <CardContent className="pl-[4.75rem]">
                <Button variant="outline" size="sm" asChild>
                  <Link href={step.link.href}>
                    {step.link.label}
                    <ArrowRight aria-hidden />
                  </Link>
                </Button>
              </CardContent>
            ) : null}
          </Card>
        </li>
      ))}
      <li>
        <Card id="connect-ide">
          <CardHeader className="flex-row items-start gap-4">
            <StepNumber n={STEPS.length + 1} icon={Plug} />
            <div className="grid gap-1.5">
              <CardTitle>Connect an IDE</CardTitle>
              <CardDescription>Claude Code, VS Code, Cursor, Windsurf and other MCP clients.</CardDescription>
            </div>
          </CardHeader>
          <CardContent className="sm:pl-[4.75rem]">
            <ConnectIde />
          </CardContent>
        </Card>
      </li>
    </ol>
  );
}

function StepNumber({ n, icon: Icon }: { n: number; icon: typeof Users }) {
  return (
    <span className="relative flex size-10 shrink-0 items-center justify-center rounded-full bg-primary/10 text-primary">
      <Icon className="size-5" aria-hidden />
      <span className="absolute -top-1 -right-1 flex size-5 items-center justify-center rounded-full bg-primary text-[10px] font-bold text-primary-foreground">
        <span className="sr-only">Step </span>
        {n}
      </span>
    </span>
  );
}
