/** The short template reference the editor opens; docs/templates.md says the same at length. */

function Code({ children }: { children: string }) {
  return <code className="rounded bg-muted px-1 py-0.5 font-mono text-[11px]">{children}</code>;
}

function Example({ children }: { children: string }) {
  return (
    <pre className="overflow-x-auto whitespace-pre-wrap rounded-md border bg-muted/50 p-2 font-mono text-[11px]">
      {children}
    </pre>
  );
}

export function TemplateReference() {
  return (
    <div className="grid gap-3 text-xs leading-relaxed">
      <section className="grid gap-1" aria-labelledby="reference-variables">
        <h4 id="reference-variables" className="font-semibold">
          Variables
        </h4>
        <p>
          Every input-schema property, e.g. <Code>{"{{ code }}"}</Code>. A property's <Code>default</Code> applies when
          the caller leaves it out; an optional property without one is undefined, which is falsy:{" "}
          <Code>{"{% if focus %}"}</Code> is false and <Code>{"{{ focus }}"}</Code> prints nothing. Variables the schema
          does not declare are refused when you save.
        </p>
      </section>
      <section className="grid gap-1" aria-labelledby="reference-governance">
        <h4 id="reference-governance" className="font-semibold">
          Governance (always defined)
        </h4>
        <ul className="grid list-disc gap-0.5 pl-4">
          <li>
            <Code>policies</Code>: the caller's inject policies, one per line (text).
          </li>
          <li>
            <Code>objectives</Code>: the caller's objective titles, one per line (text).
          </li>
          <li>
            <Code>governance.policies</Code>: a list of <Code>name</Code>, <Code>content</Code>, <Code>source</Code>.
          </li>
          <li>
            <Code>governance.objectives</Code>: a list of <Code>title</Code>, <Code>description</Code>,{" "}
            <Code>source</Code>.
          </li>
        </ul>
        <p>
          <Code>source</Code> is <Code>inherited</Code>, <Code>team</Code>, <Code>user</Code> or <Code>project</Code>.
          Loop over the lists, not the text. These three names cannot be input properties.
        </p>
      </section>
      <section className="grid gap-1" aria-labelledby="reference-syntax">
        <h4 id="reference-syntax" className="font-semibold">
          Conditions, loops and filters
        </h4>
        <Example>
          {
            "{% if strict %}Be strict.{% else %}Be kind.{% endif %}\n{% for o in governance.objectives %}\n- {{ o.title }}\n{% else %}No objectives.\n{% endfor %}\n{{ language | default('Python') | upper }}\n{% set n = items | length %}"
          }
        </Example>
        <p>
          Filters: <Code>default</Code>, <Code>upper</Code>, <Code>lower</Code>, <Code>title</Code>, <Code>trim</Code>,{" "}
          <Code>replace</Code>, <Code>length</Code>, <Code>join</Code>, <Code>first</Code>, <Code>last</Code>,{" "}
          <Code>sort</Code>, <Code>unique</Code>, <Code>map</Code>, <Code>selectattr</Code>, <Code>tojson</Code>,{" "}
          <Code>indent</Code>, <Code>int</Code>. Tests: <Code>is defined</Code>, <Code>is none</Code>,{" "}
          <Code>is string</Code>, <Code>is number</Code>.
        </p>
      </section>
      <section className="grid gap-1" aria-labelledby="reference-include">
        <h4 id="reference-include" className="font-semibold">
          Including another prompt
        </h4>
        <p>
          <Code>{"{{ include_prompt('house-style') }}"}</Code> renders that prompt's served version with the same
          variables (three levels deep). It must exist and be visible to you when you save.
        </p>
      </section>
      <section className="grid gap-1" aria-labelledby="reference-example">
        <h4 id="reference-example" className="font-semibold">
          Example
        </h4>
        <Example>
          {
            "Review this {{ language }} code{% if focus %}, focusing on {{ focus }}{% endif %}.\n\n{{ code }}\n\n{% if governance.objectives %}Goals:\n{% for o in governance.objectives %}- {{ o.title }}\n{% endfor %}{% endif %}{{ policies }}"
          }
        </Example>
      </section>
    </div>
  );
}
