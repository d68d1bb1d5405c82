import { type Environment, Interpreter } from "@huggingface/jinja";
import { unprocessable } from "../../http/errors.js";
import { recordFailedNode } from "./render-errors.js";
import type { RenderLimits } from "./render-limits.js";
import { identifierName, loopIterables, type Node, node, nodes, type Program } from "./template-syntax.js";

/**
 * The jinja interpreter, metered: every node it evaluates is charged against a work budget and
 * a wall-clock deadline, and produced values, nesting and indentation widths are capped, so a
 * hostile template is refused quickly instead of stalling the process.
 */

const CLOCK_CHECK_INTERVAL = 256;

export const limitExceeded = (detail: string) => unprocessable(detail, "template_limit_exceeded");

/**
 * Render time shared by several renders (every step of one workflow run): each render may use
 * its own limit or what is left of this, whichever is less, and what it uses is taken off.
 */
export class SharedRenderTime {
  private spentMs = 0;

  /** `exceededDetail` is the 422's detail when the shared time, not a render's own limit, runs out. */
  constructor(
    readonly totalMs: number,
    private readonly exceededDetail: string,
  ) {}

  get remainingMs(): number {
    return this.totalMs - this.spentMs;
  }

  spend(ms: number): void {
    this.spentMs += ms;
  }

  exceeded() {
    return limitExceeded(this.exceededDetail);
  }
}

export class RenderBudget {
  private work = 0;
  private nextClockCheck = 0;
  private nesting = 0;
  private readonly started = performance.now();
  private readonly deadline: number;
  /** Whether the shared time ends before this render's own limit does. */
  private readonly sharedTimeBinds: boolean;

  constructor(
    readonly limits: RenderLimits,
    private readonly shared?: SharedRenderTime,
  ) {
    this.sharedTimeBinds = shared !== undefined && shared.remainingMs < limits.maxRenderMs;
    this.deadline = this.started + (shared && this.sharedTimeBinds ? shared.remainingMs : limits.maxRenderMs);
  }

  /** Takes this render's time off the shared time; called once, when rendering ends either way. */
  finish(): void {
    this.shared?.spend(performance.now() - this.started);
  }

  enter(): void {
    if (++this.nesting > this.limits.maxNesting) {
      throw limitExceeded(
        `Template nesting is too deep (more than ${this.limits.maxNesting} levels), as with a macro that calls itself`,
      );
    }
    this.charge(1);
  }

  exit(): void {
    this.nesting--;
  }

  charge(units: number): void {
    this.work += units;
    if (this.work > this.limits.maxWork) {
      throw limitExceeded(
        `Template rendering exceeded its work limit (${this.limits.maxWork} steps): loops or included prompts do too much work`,
      );
    }
    // Reading the clock on every step would cost more than the step itself.
    if (this.work >= this.nextClockCheck) {
      this.nextClockCheck = this.work + CLOCK_CHECK_INTERVAL;
      if (performance.now() > this.deadline) {
        throw this.shared && this.sharedTimeBinds
          ? this.shared.exceeded()
          : limitExceeded(`Template rendering took longer than ${this.limits.maxRenderMs} ms`);
      }
    }
  }

  checkText(length: number): void {
    if (length > this.limits.maxValueChars) {
      throw limitExceeded(`Template output is too large (more than ${this.limits.maxValueChars} characters)`);
    }
  }

  checkList(length: number): void {
    if (length > this.limits.maxListItems) {
      throw limitExceeded(`Template produced a list of more than ${this.limits.maxListItems} items`);
    }
  }
}

type RuntimeValue = { type: string; value: unknown };
type Statement = Node;

/** The interpreter's internals this module hooks into (declared private in its typings). */
type HookableInterpreter = {
  run(program: Program): RuntimeValue;
  evaluate(statement: Statement | undefined, environment: Environment): RuntimeValue;
  applyFilter(operand: RuntimeValue, filter: Statement, environment: Environment): RuntimeValue;
};
const InterpreterBase = Interpreter as unknown as new (environment: Environment) => HookableInterpreter;

/** Nodes whose result is an existing value rather than newly produced work. */
const LOOKUPS = new Set(["Identifier", "MemberExpression", "StringLiteral", "IntegerLiteral", "FloatLiteral"]);
const INDENTING_FILTERS = new Set(["indent", "tojson"]);
const WIDTH_ARGUMENTS = new Set(["width", "indent"]);

export class BoundedInterpreter extends InterpreterBase {
  constructor(
    environment: Environment,
    private readonly budget: RenderBudget,
  ) {
    super(environment);
  }

  override evaluate(statement: Statement | undefined, environment: Environment): RuntimeValue {
    const budget = this.budget;
    budget.enter();
    try {
      const result = super.evaluate(statement, environment);
      const value = result.value;
      if (typeof value === "string") {
        budget.checkText(value.length);
        if (statement && !LOOKUPS.has(statement.type)) budget.charge(value.length >> 6);
      } else if (Array.isArray(value)) {
        budget.checkList(value.length);
        if (statement && !LOOKUPS.has(statement.type)) budget.charge(value.length);
      }
      if (statement && loopIterables.has(statement)) {
        budget.charge(Array.isArray(value) ? value.length : value instanceof Map ? value.size : 0);
      }
      return result;
    } catch (error) {
      recordFailedNode(error, statement);
      throw error;
    } finally {
      budget.exit();
    }
  }

  override applyFilter(operand: RuntimeValue, filter: Statement, environment: Environment): RuntimeValue {
    // Both filters build their padding with String.repeat: a huge width is a huge allocation.
    if (filter.type === "CallExpression" && INDENTING_FILTERS.has(identifierName(filter.callee) ?? "")) {
      for (const argument of nodes(filter.args)) {
        const width =
          argument.type !== "KeywordArgumentExpression"
            ? argument
            : WIDTH_ARGUMENTS.has(identifierName(argument.key) ?? "")
              ? node(argument.value)
              : undefined;
        const value = width && this.evaluate(width, environment).value;
        if (typeof value === "number" && Math.abs(value) > this.budget.limits.maxIndent) {
          throw limitExceeded(`Indentation width ${value} is too large (max ${this.budget.limits.maxIndent})`);
        }
      }
    }
    return super.applyFilter(operand, filter, environment);
  }
}
