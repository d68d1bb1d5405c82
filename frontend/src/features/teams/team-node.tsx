"use client";

import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { Crown, Users } from "lucide-react";
import { cn } from "@/lib/utils";
import type { Team } from "./api";
import type { ShownTeam } from "./lazy-tree";
import { SubTeamButtons, type SubTeamControls } from "./sub-team-controls";
import { NODE_HEIGHT, NODE_WIDTH } from "./tree";

export type TeamNodeData = {
  name: string;
  owner: string | null;
  members: number | null;
  /** A team is being dragged over this one: dropping moves it here. */
  dropTarget: boolean;
  entry: ShownTeam<Team>;
  subTeams: SubTeamControls;
};

export type TeamNode = Node<TeamNodeData, "team">;

/** One team on the chart: its name, owner and head count, and its sub-teams' expander. */
export function TeamNodeView({ data, selected }: NodeProps<TeamNode>) {
  return (
    <div
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      className={cn(
        "flex flex-col justify-center gap-0.5 rounded-lg border bg-card px-3 text-card-foreground shadow-sm transition-colors",
        selected && "border-primary ring-2 ring-primary/40",
        data.dropTarget && "border-primary bg-primary/10 ring-2 ring-primary",
      )}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} className="!opacity-0" />
      <p className="truncate text-sm font-medium" title={data.name}>
        {data.name}
      </p>
      <div className="flex items-center gap-3 text-xs text-muted-foreground">
        <span className="flex min-w-0 items-center gap-1" title={data.owner ? `Owner: ${data.owner}` : "No owner"}>
          <Crown className="size-3 shrink-0" aria-hidden />
          <span className="truncate">{data.owner ?? "No owner"}</span>
        </span>
        {data.members !== null ? (
          <span className="flex shrink-0 items-center gap-1" title={`${data.members} members`}>
            <Users className="size-3" aria-hidden />
            {data.members}
          </span>
        ) : null}
      </div>
      <SubTeamButtons entry={data.entry} controls={data.subTeams} className="-ml-1.5" />
      <Handle type="source" position={Position.Bottom} isConnectable={false} className="!opacity-0" />
    </div>
  );
}
