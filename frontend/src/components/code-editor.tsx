"use client";

import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { jinjaLanguage } from "@codemirror/lang-jinja";
import { jsonLanguage } from "@codemirror/lang-json";
import { bracketMatching, HighlightStyle, LanguageSupport, syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, keymap, placeholder as placeholderText } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import * as React from "react";
import { cn } from "@/lib/utils";

export type CodeEditorProps = {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  language: "jinja" | "json";
  /** The editable element's id and ARIA attributes, as `Field` provides them. */
  id?: string;
  "aria-labelledby"?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: boolean;
  /** Visible height, in lines, before it scrolls. */
  rows?: number;
  placeholder?: string;
  className?: string;
};

// Colours come from the theme's CSS variables, so light and dark mode need no second theme.
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword], color: "var(--color-primary)", fontWeight: "600" },
  { tag: [tags.brace, tags.bracket, tags.punctuation], color: "var(--color-muted-foreground)" },
  { tag: [tags.variableName, tags.propertyName], color: "var(--color-primary)" },
  { tag: [tags.string], color: "var(--color-success)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--color-warning)" },
  { tag: [tags.comment, tags.blockComment], color: "var(--color-muted-foreground)", fontStyle: "italic" },
  { tag: [tags.tagName, tags.angleBracket], color: "var(--color-muted-foreground)" },
]);

const languages = {
  // Jinja inside plain text: no HTML completion or bracket closing, which only get in the way of prose.
  jinja: () => new LanguageSupport(jinjaLanguage),
  json: () => new LanguageSupport(jsonLanguage),
};

/**
 * A code editor (CodeMirror) for templates and JSON. Tab moves focus on, as in any other field,
 * so keyboard users are never trapped in it; indentation is typed with spaces.
 */
export default function CodeEditor({
  value,
  onChange,
  onBlur,
  language,
  rows = 6,
  placeholder,
  className,
  id,
  ...aria
}: CodeEditorProps) {
  const host = React.useRef<HTMLDivElement>(null);
  const view = React.useRef<EditorView | null>(null);
  // Latest callbacks without recreating the editor on every render.
  const callbacks = React.useRef({ onChange, onBlur });
  callbacks.current = { onChange, onBlur };
  const labelledBy = aria["aria-labelledby"];
  const describedBy = aria["aria-describedby"];
  const invalid = aria["aria-invalid"];
  // ARIA attributes change while the user types (an error appears or clears): they are swapped
  // in place through a compartment, since recreating the editor would take away its focus.
  const attributes = React.useRef(new Compartment());
  const contentAttributes = () =>
    EditorView.contentAttributes.of({
      ...(id ? { id } : {}),
      ...(labelledBy ? { "aria-labelledby": labelledBy } : {}),
      ...(describedBy ? { "aria-describedby": describedBy } : {}),
      ...(invalid ? { "aria-invalid": "true" } : {}),
      spellcheck: language === "jinja" ? "true" : "false",
    });

  // The editor is created once per mount; `value` only seeds it (later changes sync below).
  // biome-ignore lint/correctness/useExhaustiveDependencies: recreating the editor would lose cursor, history and focus
  React.useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          bracketMatching(),
          languages[language](),
          syntaxHighlighting(highlight),
          EditorView.lineWrapping,
          placeholder ? placeholderText(placeholder) : [],
          attributes.current.of(contentAttributes()),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
            if (update.focusChanged && !update.view.hasFocus) callbacks.current.onBlur?.();
          }),
          EditorView.theme({
            "&": { fontSize: "12px", backgroundColor: "transparent" },
            "&.cm-focused": { outline: "none" },
            ".cm-scroller": {
              fontFamily: "var(--font-mono)",
              lineHeight: "1.6",
              minHeight: `${rows * 1.6 + 1}em`,
              maxHeight: "32em",
              overflow: "auto",
            },
            ".cm-content": { padding: "8px 0", caretColor: "var(--color-foreground)" },
            ".cm-line": { padding: "0 12px" },
            ".cm-placeholder": { color: "var(--color-muted-foreground)" },
            ".cm-selectionBackground, &.cm-focused .cm-selectionBackground": {
              backgroundColor: "color-mix(in oklch, var(--color-primary) 25%, transparent) !important",
            },
            ".cm-matchingBracket": { backgroundColor: "var(--color-accent)", outline: "none" },
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, [language]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: contentAttributes reads exactly these
  React.useEffect(() => {
    view.current?.dispatch({ effects: attributes.current.reconfigure(contentAttributes()) });
  }, [id, labelledBy, describedBy, invalid, language]);

  // A value set from outside (a form reset, a prefill) replaces the document.
  React.useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return (
    <div
      ref={host}
      className={cn(
        "w-full rounded-md border border-input bg-background shadow-xs focus-within:outline-2 focus-within:outline-ring",
        invalid && "border-destructive",
        className,
      )}
    />
  );
}
