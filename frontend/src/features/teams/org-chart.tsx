"use client";

import "@xyflow/react/dist/style.css";
import {
  Background,
  Controls,
  type Edge,
  type NodeChange,
  type NodeTypes,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { useTheme } from "next-themes";
import * as React from "react";
import type { Team } from "./api";
import type { ShownTeam } from "./lazy-tree";
import type { SubTeamControls } from "./sub-team-controls";
import { type TeamNode, TeamNodeView } from "./team-node";
import { findDropTarget, layoutTree, NODE_HEIGHT, NODE_WIDTH, type Point } from "./tree";

const nodeTypes: NodeTypes = { team: TeamNodeView };

export type OrgChartProps = {
  /** The teams to draw: those read and opened (see `useTeamTree`). */
  shown: ShownTeam<Team>[];
  ownerNames: ReadonlyMap<string, string>;
  /** Members per team, or null when not every user could be counted. */
  memberCounts: ReadonlyMap<string, number> | null;
  selectedId: string | null;
  onSelect: (teamId: string) => void;
  /** Moves a team under another; rejects when the API refuses, and the team goes back. */
  onMove: (teamId: string, parent: Team) => Promise<unknown>;
  canDrag: (teamId: string) => boolean;
  subTeams: SubTeamControls;
};

/**
 * The organisation as a top-down tree of the teams opened so far, each saying how many sub-teams
 * it has; drag a team onto another to move it there.
 */
export function OrgChart(props: OrgChartProps) {
  return (
    <ReactFlowProvider>
      <Chart {...props} />
    </ReactFlowProvider>
  );
}

function Chart({ shown, ownerNames, memberCounts, selectedId, onSelect, onMove, canDrag, subTeams }: OrgChartProps) {
  const { resolvedTheme } = useTheme();
  const flow = useReactFlow();
  const teams = React.useMemo(() => shown.map((entry) => entry.team), [shown]);
  const layout = React.useMemo(() => layoutTree(teams), [teams]);
  // Where the dragged team is while dragging, and until the API has answered its drop.
  const [dragged, setDragged] = React.useState<{ id: string; position: Point } | null>(null);
  const [dropTarget, setDropTarget] = React.useState<string | null>(null);

  const nodes = React.useMemo<TeamNode[]>(
    () =>
      shown.map((entry) => {
        const { team } = entry;
        return {
          id: team.id,
          type: "team",
          position: dragged?.id === team.id ? dragged.position : (layout.positions.get(team.id) ?? { x: 0, y: 0 }),
          width: NODE_WIDTH,
          height: NODE_HEIGHT,
          selected: team.id === selectedId,
          draggable: canDrag(team.id),
          ariaLabel: `Team ${team.name}`,
          data: {
            name: team.name,
            owner: team.owner_id ? (ownerNames.get(team.owner_id) ?? "Unknown user") : null,
            members: memberCounts ? (memberCounts.get(team.id) ?? 0) : null,
            dropTarget: team.id === dropTarget,
            entry,
            subTeams,
          },
        };
      }),
    [shown, layout, dragged, selectedId, canDrag, ownerNames, memberCounts, dropTarget, subTeams],
  );

  const edges = React.useMemo<Edge[]>(() => {
    const ids = new Set(teams.map((team) => team.id));
    return teams
      .filter((team) => team.parent_team_id !== null && ids.has(team.parent_team_id))
      .map((team) => ({
        id: `${team.parent_team_id}->${team.id}`,
        source: team.parent_team_id!,
        target: team.id,
        type: "smoothstep",
        focusable: false,
      }));
  }, [teams]);

  // Keep the whole tree in view as it changes shape: a team opened or closed, added, moved or
  // deleted (a drag near the edge may also have panned it).
  const shape = teams.map((team) => `${team.id}>${team.parent_team_id}`).join();
  React.useEffect(() => {
    if (shape === "") return;
    const timer = setTimeout(() => void flow.fitView({ padding: 0.3, maxZoom: 1, duration: 200 }), 50);
    return () => clearTimeout(timer);
  }, [shape, flow]);

  const centre = (position: Point): Point => ({ x: position.x + NODE_WIDTH / 2, y: position.y + NODE_HEIGHT / 2 });

  // Nodes are derived from the data; of the chart's own changes only a drag's positions and a
  // selection are kept. Arrow-key moves are ignored: a team's place comes from its parent.
  const onNodesChange = (changes: NodeChange<TeamNode>[]) => {
    for (const change of changes) {
      if (change.type === "position" && change.dragging && change.position) {
        setDragged({ id: change.id, position: change.position });
        setDropTarget(findDropTarget(centre(change.position), layout.positions, change.id));
      } else if (change.type === "select" && change.selected) {
        onSelect(change.id);
      }
    }
  };

  const onNodeDragStop = (_event: unknown, node: TeamNode) => {
    const targetId = findDropTarget(centre(node.position), layout.positions, node.id);
    setDropTarget(null);
    const team = teams.find((candidate) => candidate.id === node.id);
    const target = teams.find((candidate) => candidate.id === targetId);
    if (!target || !team || target.id === team.parent_team_id) {
      setDragged(null);
      return;
    }
    setDragged({ id: node.id, position: node.position });
    onMove(node.id, target)
      .catch(() => undefined)
      .finally(() => setDragged(null));
  };

  return (
    <ReactFlow<TeamNode, Edge>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onNodeClick={(_event, node) => onSelect(node.id)}
      onNodeDragStop={onNodeDragStop}
      nodesConnectable={false}
      edgesFocusable={false}
      elementsSelectable
      selectNodesOnDrag={false}
      multiSelectionKeyCode={null}
      deleteKeyCode={null}
      fitView
      fitViewOptions={{ padding: 0.3, maxZoom: 1 }}
      minZoom={0.2}
      maxZoom={1.5}
      colorMode={resolvedTheme === "dark" ? "dark" : "light"}
      aria-label="Organisation chart"
    >
      <Background gap={24} />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
