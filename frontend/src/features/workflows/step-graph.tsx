"use client";

import "@xyflow/react/dist/style.css";
import {
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  type NodeTypes,
  Position,
  ReactFlow,
  ReactFlowProvider,
} from "@xyflow/react";
import { useTheme } from "next-themes";
import * as React from "react";
import type { Workflow } from "./api";
import { describeStep, layoutStepGraph, STEP_NODE_HEIGHT, STEP_NODE_WIDTH } from "./step-graph-layout";

type StepNodeData = { stepId: string; position: number; promptName: string; versionText: string };
type StepNode = Node<StepNodeData, "step">;

const hidden = "!opacity-0";

/** One step: its place in the run, id, prompt and version. */
function StepNodeView({ data }: NodeProps<StepNode>) {
  return (
    <div
      style={{ width: STEP_NODE_WIDTH, height: STEP_NODE_HEIGHT }}
      className="flex flex-col justify-center gap-0.5 rounded-lg border bg-card px-3 text-card-foreground shadow-sm"
    >
      <Handle type="target" id="top" position={Position.Top} isConnectable={false} className={hidden} />
      <Handle
        type="target"
        id="side-in"
        position={Position.Right}
        isConnectable={false}
        className={hidden}
        style={{ top: "30%" }}
      />
      <p className="truncate font-mono text-sm font-semibold" title={data.stepId}>
        <span className="text-muted-foreground">{data.position}.</span> {data.stepId}
      </p>
      <p className="truncate text-xs text-muted-foreground" title={`${data.promptName} (${data.versionText})`}>
        {data.promptName} · {data.versionText}
      </p>
      <Handle type="source" id="bottom" position={Position.Bottom} isConnectable={false} className={hidden} />
      <Handle
        type="source"
        id="side-out"
        position={Position.Right}
        isConnectable={false}
        className={hidden}
        style={{ top: "70%" }}
      />
    </div>
  );
}

const nodeTypes: NodeTypes = { step: StepNodeView };

/**
 * The workflow's steps drawn top to bottom in run order, with arrows from each step to the steps
 * that receive its output: solid for a dependency, dashed for the `input` hand-on. Nodes can be
 * focused with Tab and read out; the list below the drawing says the same in words.
 */
export function StepGraph({ workflow }: { workflow: Workflow }) {
  const { resolvedTheme } = useTheme();
  const layout = React.useMemo(() => layoutStepGraph(workflow.steps), [workflow.steps]);

  const nodes = React.useMemo<StepNode[]>(
    () =>
      layout.nodes.map((node) => ({
        id: node.id,
        type: "step",
        position: { x: node.x, y: node.y },
        width: STEP_NODE_WIDTH,
        height: STEP_NODE_HEIGHT,
        ariaLabel: describeStep(node),
        data: {
          stepId: node.id,
          position: node.position,
          promptName: node.promptName,
          versionText: node.versionText,
        },
      })),
    [layout],
  );

  const edges = React.useMemo<Edge[]>(
    () =>
      layout.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        sourceHandle: edge.skips ? "side-out" : "bottom",
        targetHandle: edge.skips ? "side-in" : "top",
        type: "smoothstep",
        focusable: false,
        ariaLabel:
          edge.kind === "dependency"
            ? `${edge.source} gives its output to ${edge.target}`
            : `${edge.source} hands its output to ${edge.target} as input`,
        markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
        style: edge.kind === "input" ? { strokeDasharray: "5 4" } : { strokeWidth: 1.5 },
        label: edge.kind === "input" ? "input" : undefined,
      })),
    [layout],
  );

  // Tall enough for the column, within reason: long workflows scroll inside the drawing.
  const height = Math.min(Math.max(layout.height + 64, 160), 560);

  return (
    <div className="grid gap-3">
      <div style={{ height }} className="w-full overflow-hidden rounded-md border">
        <ReactFlowProvider>
          <ReactFlow<StepNode, Edge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            nodesFocusable
            edgesFocusable={false}
            elementsSelectable={false}
            // The page scrolls over the drawing; zoom with the buttons or a pinch.
            panOnDrag={false}
            zoomOnScroll={false}
            preventScrolling={false}
            fitView
            fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
            minZoom={0.3}
            maxZoom={1.5}
            colorMode={resolvedTheme === "dark" ? "dark" : "light"}
            aria-label={`Steps of ${workflow.name}`}
          >
            <Controls showInteractive={false} />
          </ReactFlow>
        </ReactFlowProvider>
      </div>
      <p className="text-xs text-muted-foreground">
        Solid arrows: the step receives that step's output under its id. Dashed: only as <code>input</code>, from the
        step run just before.
      </p>
    </div>
  );
}
