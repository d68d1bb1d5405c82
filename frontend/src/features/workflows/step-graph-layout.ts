import { runOrder } from "./run-input";

/**
 * Where each step of a workflow goes on its drawing. Steps stand in one column, top to bottom in
 * the order the API runs them: that is the order data flows in (each step's `input` is the
 * previous step's output), and one column stays readable on a phone. Arrows show which step feeds
 * which: a dependency (its output under the step's id) or, between neighbours with no
 * dependency, the hand-on of `input`. A dependency that skips steps leaves the column's side, so
 * it never runs through the steps between.
 */

export const STEP_NODE_WIDTH = 264;
export const STEP_NODE_HEIGHT = 64;
export const STEP_ROW_GAP = 40;

type StepShape = {
  id: string;
  prompt_name: string;
  prompt_version: string | null;
  label: string | null;
  depends_on: readonly string[];
};

export type StepGraphNode = {
  id: string;
  /** 1-based place in the run order. */
  position: number;
  promptName: string;
  /** Which version the step expands, in words: "v3", "label staging" or "served version". */
  versionText: string;
  x: number;
  y: number;
  /** The steps whose output this one receives (dependencies, then the `input` hand-on). */
  receivesFrom: string[];
};

export type StepGraphEdge = {
  id: string;
  source: string;
  target: string;
  /** `dependency`: the source's output arrives under its step id; `input`: only as `input`. */
  kind: "dependency" | "input";
  /** Whether it skips steps in between (drawn along the side). */
  skips: boolean;
};

export type StepGraphLayout = { nodes: StepGraphNode[]; edges: StepGraphEdge[]; width: number; height: number };

export function versionText(step: Pick<StepShape, "prompt_version" | "label">): string {
  if (step.prompt_version) return `v${step.prompt_version}`;
  if (step.label) return `label ${step.label}`;
  return "served version";
}

export function layoutStepGraph(steps: readonly StepShape[]): StepGraphLayout {
  const order = runOrder(steps);
  const place = new Map(order.map((step, index) => [step.id, index]));
  const edges: StepGraphEdge[] = [];
  const nodes = order.map((step, index): StepGraphNode => {
    const receivesFrom: string[] = [];
    for (const dependency of new Set(step.depends_on)) {
      const from = place.get(dependency);
      if (from === undefined) continue;
      receivesFrom.push(dependency);
      edges.push({
        id: `${dependency}->${step.id}`,
        source: dependency,
        target: step.id,
        kind: "dependency",
        skips: index - from > 1,
      });
    }
    const previous = order[index - 1];
    if (previous && !receivesFrom.includes(previous.id)) {
      receivesFrom.push(previous.id);
      edges.push({
        id: `${previous.id}->${step.id}`,
        source: previous.id,
        target: step.id,
        kind: "input",
        skips: false,
      });
    }
    return {
      id: step.id,
      position: index + 1,
      promptName: step.prompt_name,
      versionText: versionText(step),
      x: 0,
      y: index * (STEP_NODE_HEIGHT + STEP_ROW_GAP),
      receivesFrom,
    };
  });
  const height = nodes.length === 0 ? 0 : nodes.length * STEP_NODE_HEIGHT + (nodes.length - 1) * STEP_ROW_GAP;
  return { nodes, edges, width: STEP_NODE_WIDTH, height };
}

/** One line per step for the text alternative, e.g. "Step 2: summary, prompt summarize (v2), receives the output of greet". */
export function describeStep(node: StepGraphNode): string {
  const receives = node.receivesFrom.length > 0 ? `, receives the output of ${node.receivesFrom.join(", ")}` : "";
  return `Step ${node.position}: ${node.id}, prompt ${node.promptName} (${node.versionText})${receives}`;
}
