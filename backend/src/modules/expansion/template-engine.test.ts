import { describe, expect, it } from "vitest";
import { AppError } from "../../http/errors.js";
import { SharedRenderTime } from "./bounded-interpreter.js";
import {
  assertValidTemplate,
  DEFAULT_LIMITS,
  findIncludedNames,
  type PromptTemplates,
  type RenderRequest,
  renderPrompt,
} from "./template-engine.js";

const templates = (userTemplate: string | null, systemTemplate: string | null = null): PromptTemplates => ({
  systemTemplate,
  userTemplate,
});

function render(user: string | null, variables: Record<string, unknown> = {}, extra: Partial<RenderRequest> = {}) {
  return renderPrompt({ templates: templates(user), variables, includes: new Map(), ...extra });
}

/** The AppError a render throws, so tests can assert status, code and message together. */
function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the render to fail");
}

describe("rendering", () => {
  it("renders system and user templates with the variables", () => {
    const result = renderPrompt({
      templates: templates("Review {{ input }}", "You are {{ role }}."),
      variables: { input: "main.ts", role: "a reviewer" },
      includes: new Map(),
    });
    expect(result).toEqual({ system: "You are a reviewer.", user: "Review main.ts" });
  });

  it("has no system message without a system template, and defaults the user template to the input", () => {
    expect(render(null, { input: "just this" })).toEqual({ system: null, user: "just this" });
    expect(render("", { input: "empty too" })).toEqual({ system: null, user: "empty too" });
  });

  it("drops one trailing newline and keeps block whitespace like Jinja's defaults", () => {
    expect(render("line\n").user).toBe("line");
    expect(render("{% for i in [1, 2] %}\n{{ i }}\n{% endfor %}").user).toBe("\n1\n\n2\n");
  });

  it("treats caller values as data, never as templates", () => {
    expect(render("{{ text }}", { text: "{{ secret }} {% bad" }).user).toBe("{{ secret }} {% bad");
  });

  it("supports loops, conditionals, filters, macros and namespaces", () => {
    const source = [
      "{% set ns = namespace(total=0) %}",
      "{% macro item(name, mark='-') %}{{ mark }} {{ name | upper }}{% endmacro %}",
      "{% for x in items if x != 'skip' %}{{ item(x) }}{% set ns.total = ns.total + 1 %}{% if not loop.last %}, {% endif %}{% endfor %}",
      " ({{ ns.total }})",
    ].join("");
    expect(render(source, { items: ["a", "skip", "b"] }).user).toBe("- A, - B (2)");
  });

  it("lets caller keys shadow built-in names, as Jinja does, except include_prompt", () => {
    expect(render("{{ namespace }} {{ range }}", { namespace: "ns", range: "r" }).user).toBe("ns r");
    const includes = new Map([["part", templates("included")]]);
    expect(render("{{ include_prompt('part') }}", { include_prompt: "x" }, { includes }).user).toBe("included");
  });
});

describe("undefined variables", () => {
  it("names the missing variable", () => {
    const error = failure(() => render("Hello {{ name }}"));
    expect(error.statusCode).toBe(422);
    expect(error.detail).toBe("Template variable error: 'name' is undefined");
  });

  it("lists every missing variable of both templates", () => {
    const error = failure(() =>
      renderPrompt({ templates: templates("{{ a }} {{ b }} {{ a }}", "{{ c }}"), variables: {}, includes: new Map() }),
    );
    expect(error.detail).toBe("Template variable error: 'c', 'a' and 'b' are undefined");
  });

  it("knows names the template defines itself", () => {
    const source = [
      "{% set greeting = 'hi' %}{{ greeting }}",
      "{% for k, v in pairs %}{{ k }}={{ v }}{{ loop.index }}{% endfor %}",
      "{% macro m(p, q=p) %}{{ p }}{{ q }}{{ varargs }}{{ late }}{% endmacro %}{{ m(1) }}",
      "{% set late = 1 %}",
      "{% set ns = namespace() %}{% set ns.x = 1 %}{{ ns.x }}",
      "{% set block %}captured{% endset %}{{ block }}",
      "{% call(x) m(2) %}{{ x }}{% endcall %}",
      "{{ range(2) | length }}{{ true }}{{ none }}",
    ].join("");
    expect(() => render(source, { pairs: [["a", 1]] })).not.toThrow();
  });

  it("does not leak loop variables or `loop` outside the loop", () => {
    expect(failure(() => render("{% for i in [1] %}{% endfor %}{{ i }}{{ loop }}")).detail).toBe(
      "Template variable error: 'i' and 'loop' are undefined",
    );
  });

  it("reports a name read before the template sets it", () => {
    expect(failure(() => render("{{ later }}{% set later = 1 %}")).detail).toBe(
      "Template variable error: 'later' is undefined",
    );
  });

  it("accepts names guarded by `is defined` or given a default", () => {
    const source = [
      "{% if a is defined %}{{ a }}{% endif %}",
      "{% if b is not defined %}none{% else %}{{ b }}{% endif %}",
      "{{ c if c is defined else 'no c' }}",
      "{{ d | default('no d') }}",
      "{% if e is defined and e > 1 %}{{ e }}{% endif %}",
    ].join("|");
    expect(render(source).user).toBe("|none|no c|no d|");
    expect(render(source, { a: 1, b: 2, c: 3, d: 4, e: 5 }).user).toBe("1|2|3|4|5");
  });

  it("still reports a guarded name used outside its guard", () => {
    expect(failure(() => render("{% if a is defined %}{% endif %}{{ a }}")).detail).toBe(
      "Template variable error: 'a' is undefined",
    );
  });
});

describe("syntax errors", () => {
  it.each([["{{ unclosed"], ["{% if %}"], ["{% for x in %}{% endfor %}"], ["{% extends 'base' %}"], ["{% endif %}"]])(
    "%s is a 422 naming the problem",
    (source) => {
      const error = failure(() => render(source));
      expect(error.statusCode).toBe(422);
      expect(error.code).toBe("template_syntax_error");
      expect(error.detail).toMatch(/^Template syntax error: .+ \(in user_template\)$/);
    },
  );

  it("says which template is broken", () => {
    const error = failure(() =>
      renderPrompt({ templates: templates("fine", "{% if %}"), variables: {}, includes: new Map() }),
    );
    expect(error.detail).toMatch(/\(in system_template\)$/);
  });

  it("assertValidTemplate checks a template without rendering it", () => {
    expect(() => assertValidTemplate("{{ anything }}")).not.toThrow();
    expect(failure(() => assertValidTemplate("{% for %}", "user_template")).detail).toMatch(/^Template syntax error:/);
  });

  it("turns render-time failures into 422s", () => {
    expect(failure(() => render("{{ 1 + none }}")).detail).toMatch(/^Template rendering error: /);
    expect(failure(() => render("{{ 'x' | no_such_filter }}")).statusCode).toBe(422);
    expect(failure(() => render("{{ raise_exception('stop here') }}")).detail).toBe("Template error: stop here");
  });
});

describe("include_prompt", () => {
  const includes = new Map<string, PromptTemplates>([
    ["header", templates("Header for {{ input }}", "Header system")],
    ["footer", templates(null)],
    ["loop-a", templates("a>{{ include_prompt('loop-b') }}")],
    ["loop-b", templates("b>{{ include_prompt('loop-a') }}")],
    ["needs-x", templates("{{ x }}")],
  ]);

  it("renders the included prompt's system and user templates with the same variables", () => {
    const result = render(
      "[{{ include_prompt('header') }}] [{{ include_prompt( \"footer\" ) }}]",
      { input: "in" },
      { includes },
    );
    expect(result.user).toBe("[Header system\n\nHeader for in] [in]");
  });

  it("marks unknown prompts and stops at three levels", () => {
    expect(render("{{ include_prompt('nope') }}", {}, { includes }).user).toBe(
      "[include_prompt('nope'): prompt not found]",
    );
    expect(render("{{ include_prompt('loop-a') }}", {}, { includes }).user).toBe(
      "a>b>a>[include_prompt('loop-b'): max depth (3) exceeded]",
    );
  });

  it("fails the whole render when an included prompt reads an undefined variable", () => {
    const error = failure(() => render("{{ include_prompt('needs-x') }}", {}, { includes }));
    expect(error.detail).toBe("Template variable error: 'x' is undefined (in included prompt 'needs-x')");
  });

  it("finds literal include names, spaces inside the parentheses allowed", () => {
    expect(
      findIncludedNames([
        "{{ include_prompt('a') }}{{ include_prompt( \"b-2\" ) }}",
        null,
        "{{ include_prompt(name) }}{{ include_prompt('a') }}",
      ]),
    ).toEqual(["a", "b-2"]);
  });
});

describe("limits", () => {
  const limitError = (source: string, variables: Record<string, unknown> = {}) => {
    const started = performance.now();
    const error = failure(() => render(source, variables));
    return { error, ms: performance.now() - started };
  };

  it("refuses a huge range at once", () => {
    const { error, ms } = limitError("{% for i in range(100000000) %}x{% endfor %}");
    expect(error.statusCode).toBe(422);
    expect(error.detail).toBe(`range() is limited to ${DEFAULT_LIMITS.maxRangeItems} items (asked for 100000000)`);
    expect(ms).toBeLessThan(1000);
  });

  it.each([
    ["{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}"],
    ["{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"],
    [
      "{% for a in range(100) %}{% for b in range(100) %}{% for c in range(100) %}{% for d in range(100) %}{{ d }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
    ],
  ])("stops nested loops: %s", (source) => {
    const { error } = limitError(source);
    expect(error.statusCode).toBe(422);
    expect(error.code).toBe("template_limit_exceeded");
    expect(error.detail).toMatch(/work limit|took longer than/);
  });

  it("bounds the time of a render", () => {
    const { error, ms } = limitError("{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}");
    expect(error.code).toBe("template_limit_exceeded");
    // The deadline is checked between steps, so a render overshoots it by one step at most.
    expect(ms).toBeLessThan(DEFAULT_LIMITS.maxRenderMs * 5);
  });

  it("reports the time it shares with other renders when that runs out before its own limit", () => {
    const shared = new SharedRenderTime(2_000, "the run's render time is used up");
    shared.spend(2_000);
    const error = failure(() => render("{% for i in range(1000) %}{{ i }}{% endfor %}", {}, { sharedTime: shared }));
    expect(error.code).toBe("template_limit_exceeded");
    expect(error.detail).toBe("the run's render time is used up");
  });

  it("reports its own limit when that runs out first, and takes its time off the shared time", () => {
    const shared = new SharedRenderTime(60_000, "the run's render time is used up");
    const error = failure(() =>
      render("{% for i in range(1000) %}{{ i }}{% endfor %}", {}, { sharedTime: shared, limits: { maxRenderMs: 0 } }),
    );
    expect(error.detail).toBe("Template rendering took longer than 0 ms");
    expect(shared.remainingMs).toBeLessThan(60_000);
  });

  it("stops runaway recursion", () => {
    expect(limitError("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}").error.detail).toMatch(/nesting is too deep/);
  });

  it("refuses templates nested too deeply to parse", () => {
    const chain = `{{ ${Array(20_000).fill("x").join(" + ")} }}`;
    expect(limitError(chain, { x: 1 }).error.detail).toBe(
      "Template syntax error: the template is nested too deeply (in user_template)",
    );
    expect(limitError(`{{ ${"(".repeat(30_000)}1${")".repeat(30_000)} }}`).error.code).toBe("template_syntax_error");
  });

  it("caps the size of produced text", () => {
    const doubling =
      "{% set ns = namespace(s='xx') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}";
    expect(limitError(doubling).error.detail).toMatch(/^Template output is too large/);
    expect(limitError("{{ 'a\\nb' | indent(100000000) }}").error.detail).toBe(
      "Indentation width 100000000 is too large (max 100)",
    );
    expect(limitError("{{ items | tojson(indent=100000000) }}", { items: [1, [2]] }).error.detail).toMatch(
      /Indentation width/,
    );
  });

  it("caps the size of a template", () => {
    const error = failure(() => render("x".repeat(DEFAULT_LIMITS.maxTemplateChars + 1)));
    expect(error.detail).toBe(
      `Template is too large: user_template has ${DEFAULT_LIMITS.maxTemplateChars + 1} characters (max ${DEFAULT_LIMITS.maxTemplateChars})`,
    );
  });

  it("counts included renders against the same budget", () => {
    const heavy = templates("{% for i in range(1000) %}{{ i }}{% endfor %}");
    const includes = new Map([["heavy", heavy]]);
    const source = "{% for i in range(100) %}{{ include_prompt('heavy') }}{% endfor %}";
    expect(render(source, {}, { includes }).user).toHaveLength(100 * 2890);
    const error = failure(() => render(source, {}, { includes, limits: { maxWork: 1_000 } }));
    expect(error.detail).toMatch(/work limit \(1000 steps\)/);
  });

  it("keeps working normally after a refused render", () => {
    limitError("{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}");
    expect(render("still {{ ok }}", { ok: "fine" }).user).toBe("still fine");
  });
});
