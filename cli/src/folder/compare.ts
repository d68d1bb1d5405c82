// Compares the folder with the server, prompt by prompt and file by file.
import { createTwoFilesPatch } from "diff";
import {
  changedFiles,
  contentOfServerPrompt,
  FILE_ORDER,
  filesOf,
  type PromptContent,
  type PromptFile,
  type ServerPrompt,
} from "./format.js";
import type { LocalPrompt } from "./read.js";
import { findServerPrompt, listServerPrompts, type Session } from "./server.js";

export type DriftState = "in_sync" | "modified" | "only_local" | "only_server";

export type Drift = {
  name: string;
  state: DriftState;
  /** The files that differ (all of them for a prompt on one side only). */
  files: PromptFile[];
  local: LocalPrompt | null;
  server: ServerPrompt | null;
};

/**
 * Each local prompt against the server's, plus the prompts the caller may edit (or, with `all`,
 * see) that the folder lacks. A local prompt the caller may only see is still compared.
 */
export async function compareFolder(session: Session, local: LocalPrompt[], all: boolean): Promise<Drift[]> {
  const listed = new Map((await listServerPrompts(session, all)).map((prompt) => [prompt.name, prompt]));
  const drifts: Drift[] = [];
  for (const prompt of local) {
    const name = prompt.content.name;
    const server = listed.get(name) ?? (await findServerPrompt(session, name));
    listed.delete(name);
    drifts.push(compareOne(prompt, server));
  }
  for (const server of listed.values()) {
    drifts.push({
      name: server.name,
      state: "only_server",
      files: presentFiles(contentOfServerPrompt(server)),
      local: null,
      server,
    });
  }
  return drifts.sort((a, b) => a.name.localeCompare(b.name));
}

export function compareOne(local: LocalPrompt, server: ServerPrompt | null): Drift {
  const name = local.content.name;
  if (!server) return { name, state: "only_local", files: presentFiles(local.content), local, server };
  const files = changedFiles(local.content, contentOfServerPrompt(server));
  return { name, state: files.length === 0 ? "in_sync" : "modified", files, local, server };
}

const presentFiles = (content: PromptContent) => FILE_ORDER.filter((file) => filesOf(content).has(file));

/** Unified diffs, one per changed file: `a/` is the server, `b/` the folder. */
export function unifiedDiff(drift: Drift): string {
  const before = drift.server ? filesOf(contentOfServerPrompt(drift.server)) : new Map<PromptFile, string>();
  const after = drift.local ? filesOf(drift.local.content) : new Map<PromptFile, string>();
  return drift.files
    .map((file) => {
      const oldText = before.get(file);
      const newText = after.get(file);
      const oldName = oldText === undefined ? "/dev/null" : `a/${drift.name}/${file}`;
      const newName = newText === undefined ? "/dev/null" : `b/${drift.name}/${file}`;
      const patch = createTwoFilesPatch(oldName, newName, oldText ?? "", newText ?? "", "", "", { context: 3 });
      // Drop the "Index:"/"===" preamble: start at the familiar ---/+++ lines.
      return patch.slice(patch.indexOf("---")).replace(/\t$/gm, "");
    })
    .join("");
}

export const isInSync = (drifts: Drift[]) => drifts.every((drift) => drift.state === "in_sync");
