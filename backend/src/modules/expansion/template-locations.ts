import { parse, tokenize } from "@huggingface/jinja";

/**
 * Where things are in a template's source. @huggingface/jinja's tokens carry no positions and its
 * errors name token types ("Unexpected token: CloseStatement"), so this module finds the tags in
 * the source itself, tokenizes each one on its own to know where every token starts, and replays
 * a failed parse over those tokens to learn which token the parser stopped at. Only the error
 * path pays for this: a template that parses never comes here for its syntax.
 */

export type SourcePosition = { line: number; column: number };

export type LocatedSyntaxError = SourcePosition & { message: string };

type TokenLike = { type: string; value: string };
type PositionedToken = { token: TokenLike; offset: number };

type Tag = { kind: "{{" | "{%" | "{#"; start: number; end: number };

/** How token types read to an author. */
const TOKEN_NAMES: Record<string, string> = {
  Text: "text",
  NumericLiteral: "a number",
  StringLiteral: "a string",
  Identifier: "a name",
  Equals: "'='",
  OpenParen: "'('",
  CloseParen: "')'",
  OpenStatement: "'{%'",
  CloseStatement: "'%}'",
  OpenExpression: "'{{'",
  CloseExpression: "'}}'",
  OpenSquareBracket: "'['",
  CloseSquareBracket: "']'",
  OpenCurlyBracket: "'{'",
  CloseCurlyBracket: "'}'",
  Comma: "','",
  Dot: "'.'",
  Colon: "':'",
  Pipe: "'|'",
  CallOperator: "'()'",
  AdditiveBinaryOperator: "an operator",
  MultiplicativeBinaryOperator: "an operator",
  ComparisonBinaryOperator: "a comparison",
  UnaryOperator: "an operator",
  Comment: "a comment",
};

/** Tags whose block needs an `{% end… %}`; `set` only when it has no `=` (a block assignment). */
const BLOCK_TAGS = new Set(["if", "for", "macro", "call", "filter", "set"]);

export function positionAt(source: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: Math.min(offset, source.length) - lineStart + 1 };
}

/** Replaces token-type names in a library message with what the author typed. */
export function readableTokenNames(message: string): string {
  return message.replace(/\b([A-Z][A-Za-z]+)\b/g, (name) => TOKEN_NAMES[name] ?? name);
}

/**
 * The `{{ }}`, `{% %}` and `{# #}` tags of a template, in order, as the lexer delimits them:
 * strings are skipped, and inside `{{ }}` a `}}` closes only outside dict braces. A tag that never
 * closes is reported with its start.
 */
function findTags(source: string): { tags: Tag[]; unclosed: Tag | null } {
  const tags: Tag[] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf("{", i);
    if (open < 0 || open + 1 >= source.length) break;
    const next = source[open + 1];
    if (next !== "{" && next !== "%" && next !== "#") {
      i = open + 1;
      continue;
    }
    const kind = `{${next}` as Tag["kind"];
    const end = tagEnd(source, open, kind);
    if (end < 0) return { tags, unclosed: { kind, start: open, end: source.length } };
    tags.push({ kind, start: open, end });
    i = end;
  }
  return { tags, unclosed: null };
}

function tagEnd(source: string, start: number, kind: Tag["kind"]): number {
  if (kind === "{#") {
    const close = source.indexOf("#}", start + 2);
    return close < 0 ? -1 : close + 2;
  }
  const closer = kind === "{{" ? "}}" : "%}";
  let depth = 0;
  let i = start + 2;
  while (i < source.length) {
    const character = source[i] as string;
    if (character === "'" || character === '"') {
      i++;
      while (i < source.length && source[i] !== character) i += source[i] === "\\" ? 2 : 1;
      i++;
      continue;
    }
    if (kind === "{{" && character === "{") depth++;
    else if (source.startsWith(closer, i) && depth === 0) return i + 2;
    else if (kind === "{{" && character === "}") depth--;
    i++;
  }
  return -1;
}

/** Where each token of a tag starts: tokens are found in order, strings by their quotes. */
function positionTagTokens(source: string, tag: Tag, tokens: TokenLike[]): PositionedToken[] {
  const positioned: PositionedToken[] = [];
  let cursor = tag.start;
  for (const token of tokens) {
    while (cursor < tag.end && /\s/.test(source[cursor] as string)) cursor++;
    let offset = cursor;
    if (token.type === "StringLiteral") {
      const quote = source[cursor];
      let i = cursor + 1;
      while (i < tag.end && source[i] !== quote) i += source[i] === "\\" ? 2 : 1;
      cursor = i + 1;
    } else if (token.type === "Comment") {
      cursor = tag.end;
    } else {
      // `{%-` and `-%}` are one token each; a close may follow a `-` of whitespace control.
      if (source[cursor] === "-" && (token.type === "CloseStatement" || token.type === "CloseExpression")) cursor++;
      const found = source.indexOf(token.value, cursor);
      offset = found >= 0 && found < tag.end ? found : cursor;
      cursor = offset + token.value.length;
      if ((token.type === "OpenStatement" || token.type === "OpenExpression") && source[cursor] === "-") cursor++;
    }
    positioned.push({ token, offset });
  }
  return positioned;
}

const stripsAfter = (source: string, tag: Tag) => source[tag.end - 3] === "-";
const stripsBefore = (source: string, tag: Tag) => source[tag.start + 2] === "-";

type Scan = { ok: true; tokens: PositionedToken[] } | { ok: false; error: LocatedSyntaxError };

/**
 * The template's tokens with their offsets, built tag by tag as the lexer would build them for
 * the whole template, or the first lexing problem with its position.
 */
function scanTokens(source: string): Scan {
  const { tags, unclosed } = findTags(source);
  const tokens: PositionedToken[] = [];
  const text = (from: number, to: number, after: Tag | null, before: Tag | null) => {
    let start = from;
    let end = to;
    if (after && stripsAfter(source, after)) while (start < end && /\s/.test(source[start] as string)) start++;
    if (before && stripsBefore(source, before)) while (end > start && /\s/.test(source[end - 1] as string)) end--;
    if (end > start) tokens.push({ token: { type: "Text", value: source.slice(start, end) }, offset: start });
  };
  let previous: Tag | null = null;
  for (const tag of tags) {
    text(previous?.end ?? 0, tag.start, previous, tag);
    let tagTokens: TokenLike[];
    try {
      tagTokens = tokenize(source.slice(tag.start, tag.end), {});
    } catch (error) {
      return { ok: false, error: { ...positionAt(source, tag.start), message: lexerMessage(error) } };
    }
    tokens.push(...positionTagTokens(source, tag, tagTokens));
    previous = tag;
  }
  if (unclosed) {
    const closer = unclosed.kind === "{{" ? "}}" : unclosed.kind === "{%" ? "%}" : "#}";
    return {
      ok: false,
      error: { ...positionAt(source, unclosed.start), message: `'${unclosed.kind}' is never closed with '${closer}'` },
    };
  }
  // The lexer drops one trailing newline of the template.
  const end = source.endsWith("\n") ? source.length - 1 : source.length;
  text(previous?.end ?? 0, end, previous, null);
  return { ok: true, tokens };
}

function lexerMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message === "Unexpected end of input") return "a string is not closed";
  return readableTokenNames(message.charAt(0).toLowerCase() + message.slice(1));
}

/** The innermost `{% if %}`-like block left open at the end of the tokens, if any. */
function unclosedBlock(tokens: PositionedToken[]): PositionedToken | null {
  const open: PositionedToken[] = [];
  for (let i = 0; i < tokens.length - 1; i++) {
    if ((tokens[i] as PositionedToken).token.type !== "OpenStatement") continue;
    const name = tokens[i + 1] as PositionedToken;
    if (name.token.type !== "Identifier") continue;
    const word = name.token.value;
    if (word.startsWith("end")) open.pop();
    else if (BLOCK_TAGS.has(word) && !(word === "set" && isInlineSet(tokens, i + 2))) open.push(name);
  }
  return open.at(-1) ?? null;
}

/** `{% set x = … %}` is complete by itself; `{% set x %}…{% endset %}` is a block. */
function isInlineSet(tokens: PositionedToken[], from: number): boolean {
  for (let i = from; i < tokens.length; i++) {
    const type = (tokens[i] as PositionedToken).token.type;
    if (type === "Equals") return true;
    if (type === "CloseStatement") return false;
  }
  return false;
}

function parserMessage(error: unknown, failing: PositionedToken | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown statement type: (\w+)/.exec(message);
  if (unknown) {
    const word = unknown[1] as string;
    return word.startsWith("end")
      ? `'{% ${word} %}' has no matching '{% ${word.slice(3)} %}'`
      : `'{% ${word} %}' is not a known tag`;
  }
  const expected = /^Parser Error: (.+?)\. (\w+) !== (\w+)\.$/.exec(message);
  if (expected) {
    const wanted = (expected[1] as string)
      .replace(/closing expression token/i, "'}}'")
      .replace(/closing statement token/i, "'%}'")
      .replace(/^Expected/, "expected");
    return `${readableTokenNames(wanted)}, found ${TOKEN_NAMES[expected[2] as string] ?? "something else"}`;
  }
  if (/^Unexpected token/.test(message) && failing) {
    const shown =
      failing.token.type === "Identifier" || failing.token.type.endsWith("Operator")
        ? `'${failing.token.value}'`
        : (TOKEN_NAMES[failing.token.type] ?? failing.token.type);
    return `unexpected ${shown}`;
  }
  return readableTokenNames(message.charAt(0).toLowerCase() + message.slice(1));
}

/**
 * The first syntax error of a template, with its line and column and a message in the author's
 * terms, or null when it parses. Unclosed blocks are reported where they open.
 */
export function locateSyntaxError(source: string): LocatedSyntaxError | null {
  try {
    parse(tokenize(source, {}));
    return null;
  } catch {
    // Located below.
  }
  const scan = scanTokens(source);
  if (!scan.ok) return scan.error;
  const { tokens } = scan;
  let last = -1;
  const watched = new Proxy(
    tokens.map((positioned) => positioned.token),
    {
      get(target, property, receiver) {
        if (typeof property === "string" && /^\d+$/.test(property)) last = Number(property);
        return Reflect.get(target, property, receiver);
      },
    },
  );
  try {
    parse(watched as Parameters<typeof parse>[0]);
  } catch (error) {
    // Reading past the last token (a TypeError inside the parser) means a block was left open.
    if (last >= tokens.length || error instanceof TypeError) {
      const block = unclosedBlock(tokens);
      if (block) {
        const word = block.token.value;
        return {
          ...positionAt(source, block.offset),
          message: `'{% ${word} %}' is never closed: add '{% end${word} %}'`,
        };
      }
      if (last >= tokens.length)
        return { ...positionAt(source, source.length), message: "the template ends too early" };
    }
    const failing = tokens[Math.max(0, Math.min(last, tokens.length - 1))];
    return { ...positionAt(source, failing?.offset ?? 0), message: parserMessage(error, failing) };
  }
  // The tokens as rebuilt here parse although the template's own did not: report the library's words.
  try {
    parse(tokenize(source, {}));
  } catch (error) {
    return { line: 1, column: 1, message: readableTokenNames(error instanceof Error ? error.message : String(error)) };
  }
  return null;
}

/** Offsets of the names a template reads (identifiers not after a `.`), for pointing at a variable. */
export function findNameOffsets(source: string): Map<string, number> {
  const offsets = new Map<string, number>();
  const scan = scanTokens(source);
  if (!scan.ok) return offsets;
  scan.tokens.forEach(({ token, offset }, index) => {
    if (token.type !== "Identifier" || offsets.has(token.value)) return;
    if (scan.tokens[index - 1]?.token.type === "Dot") return;
    offsets.set(token.value, offset);
  });
  return offsets;
}
