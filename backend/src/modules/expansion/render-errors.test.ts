import { describe, expect, it } from "vitest";
import { AppError } from "../../http/errors.js";
import { NO_GOVERNANCE } from "./governance-application.js";
import { type PromptTemplates, renderPrompt } from "./template-engine.js";

function render(userTemplate: string, variables: Record<string, unknown>, inputNames: string[] = []) {
  const templates: PromptTemplates = { systemTemplate: null, userTemplate, inputNames };
  return renderPrompt({ templates, variables, includes: new Map() }).user;
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.detail;
    throw error;
  }
  throw new Error("expected the render to fail");
}

describe("declared inputs the caller leaves out", () => {
  it("render as undefined, which is falsy: no error", () => {
    const template = "[{% if review %}R{% else %}no review{% endif %}|{{ review }}|{{ review is defined }}]";
    expect(render(template, {}, ["review"])).toBe("[no review||false]");
    expect(render(template, { review: "yes" }, ["review"])).toBe("[R|yes|true]");
  });

  it("are known to the prompts it includes too", () => {
    const includes = new Map([["footer", { systemTemplate: null, userTemplate: "[{{ focus }}]", inputNames: [] }]]);
    const templates = { systemTemplate: null, userTemplate: "{{ include_prompt('footer') }}", inputNames: ["focus"] };
    expect(renderPrompt({ templates, variables: {}, includes }).user).toBe("[]");
  });

  it("still name a variable that no schema declares", () => {
    expect(failure(() => render("{{ review }}", {}))).toBe("Template variable error: 'review' is undefined");
  });
});

describe("render errors", () => {
  it("name the variable and what was expected, never an interpreter type", () => {
    const variables = { ...NO_GOVERNANCE.variables, objectives: "Ship v2\nLearn Rust" };
    const loop = failure(() => render("{% for o in objectives %}{{ o }}{% endfor %}", variables));
    expect(loop).toBe(
      "Template rendering error: {% for %} needs a list or a mapping to loop over, but 'objectives' is text " +
        "(one item per line): loop over governance.objectives (items with title, description and source) instead",
    );
    const messages = [
      loop,
      failure(() => render("{% for x in count %}{% endfor %}", { count: 3 })),
      failure(() => render("{{ items | upper }}", { items: [1] })),
      failure(() => render("{{ name() }}", { name: "x" })),
      failure(() => render("{{ size < 'big' }}", { size: 1 })),
      failure(() => render("{{ size | length }}", { size: 1 })),
    ];
    expect(messages[1]).toContain("'count' is a number");
    expect(messages[2]).toContain("'items', which is a list");
    expect(messages[3]).toContain("'name' is text, not a function");
    expect(messages[4]).toBe(
      "Template rendering error: Unknown operator \"<\" between a number and text (in 'size < 'big'')",
    );
    expect(messages[5]).toContain("'size', which is a number");
    for (const message of messages) expect(message).not.toMatch(/[A-Z][a-z]+Value\b/);
  });

  it("let every caller loop over the governance lists, empty or not", () => {
    const template = "{% for o in governance.objectives %}[{{ o.title }}/{{ o.source }}]{% else %}none{% endfor %}";
    expect(render(template, NO_GOVERNANCE.variables)).toBe("none");
    const governance = {
      policies: [],
      objectives: [
        { title: "A", description: "", source: "team" },
        { title: "B", description: "", source: "user" },
      ],
    };
    expect(render(template, { ...NO_GOVERNANCE.variables, governance })).toBe("[A/team][B/user]");
  });
});
