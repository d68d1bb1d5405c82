/** The bounds of one expansion's rendering; the template engine and its interpreter both enforce them. */
export type RenderLimits = {
  /** Characters per template source. */
  maxTemplateChars: number;
  /** Characters of any value produced while rendering, and of each rendered message. */
  maxValueChars: number;
  /** Items of any list produced while rendering. */
  maxListItems: number;
  /** Items one `range()` call may produce. */
  maxRangeItems: number;
  /** Work units per expansion: one per node evaluated, plus loop iterations and produced text. */
  maxWork: number;
  /** Wall-clock time per expansion, checked between evaluation steps. */
  maxRenderMs: number;
  /** Nested evaluation depth; bounds macro recursion. */
  maxNesting: number;
  /** Widths accepted by the `indent` and `tojson` filters. */
  maxIndent: number;
};
