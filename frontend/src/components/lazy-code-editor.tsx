"use client";

import dynamic from "next/dynamic";
import type { CodeEditorProps } from "@/components/code-editor";

/**
 * The code editor, loaded only when a page shows one: CodeMirror and its language grammars stay
 * out of every other page's JavaScript. Until it arrives, an empty box of the same height holds
 * its place.
 */
export const CodeEditor = dynamic<CodeEditorProps>(() => import("@/components/code-editor"), {
  ssr: false,
  loading: () => <div aria-hidden className="h-40 w-full animate-pulse rounded-md border border-input bg-muted/40" />,
});
