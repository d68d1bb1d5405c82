import type { Command } from "commander";
import { unwrap } from "../api/client.js";
import { labelRule } from "../api/rules.js";
import { unifiedDiff } from "../folder/compare.js";
import { changes, type PromptPlan, planPush } from "../folder/plan.js";
import { formatProblem, readFolder } from "../folder/read.js";
import { type Session, signedIn, withPromptName } from "../folder/server.js";
import { CliError, EXIT, printJson, progress, say } from "../output.js";
import type { GlobalOptions } from "../program.js";
import { DEFAULT_DIR } from "./pull.js";

type PushOptions = { message?: string; dryRun?: boolean; label?: string };

/** What happened to one prompt, for people and for `--json`. */
type PushResult = {
  name: string;
  action: "created" | "new_version" | "unchanged";
  version: string | null;
  files: string[];
  metadata_updated: boolean;
  label: { name: string; version: string; status: "moved" | "review"; review_url: string | null } | null;
  /** A change request opened for `production` along with a new prompt (protected production). */
  review_url: string | null;
};

export function registerPush(program: Command): void {
  program
    .command("push")
    .description("Send the prompt folder to the server: a new version only where content changed")
    .argument("[dir]", "the prompt folder", DEFAULT_DIR)
    .option("-m, --message <note>", "change note for every version this push creates")
    .option("--dry-run", "print what would change (unified diffs) and change nothing")
    .option("--label <label>", "move this label (e.g. staging) to the pushed version of each prompt")
    .addHelpText(
      "after",
      `
Creates prompts the server lacks; adds a version where templates, input schema or tags changed
(tags belong to versions); updates description and visibility in place. Pushing twice changes
nothing the second time. Every prompt is checked first (YAML and JSON syntax, required files, the
server's template check): any problem is printed as file:line:col: message and nothing is sent.
A protected label opens a change request instead of moving: its link is printed.

Exit codes: 0 pushed (or nothing to do); 1 --dry-run found changes; 2 error or refused.

Examples:
  $ spechub push -m "Tighter review rubric"
  $ spechub push --dry-run                  # in a pull request check
  $ spechub push --label staging            # deploy: move staging to what was pushed
  $ spechub push specs --json`,
    )
    .action(async (dir: string, options: PushOptions, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions>();
      if (options.label !== undefined && !labelRule.pattern.test(options.label)) {
        throw new CliError(
          `--label '${options.label}': 1-40 lower-case letters, digits, '-' or '_', starting with a letter`,
        );
      }
      const { prompts, problems } = readFolder(dir);
      if (problems.length > 0) refuse(problems.map(formatProblem));
      const session = await signedIn(flags);
      const planned = await planPush(session, prompts, options.label);
      if (planned.problems.length > 0) refuse(planned.problems.map(formatProblem));
      const plans = planned.plans;
      const changed = plans.some(changes);
      if (options.dryRun) return reportDryRun(plans, Boolean(flags.json), changed);
      const results: PushResult[] = [];
      for (const plan of plans) {
        if (changes(plan)) progress(`pushing ${plan.name}`);
        results.push(await apply(session, plan, options.message));
      }
      if (flags.json) return printJson({ changed, dry_run: false, prompts: results });
      for (const result of results) say(describe(result));
      if (!changed) say("nothing to push: the server already holds this folder");
    });
}

function refuse(lines: string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  throw new CliError(`${lines.length} problem${lines.length === 1 ? "" : "s"}: nothing was pushed`);
}

function reportDryRun(plans: PromptPlan[], json: boolean, changed: boolean): void {
  if (json) {
    printJson({
      changed,
      dry_run: true,
      prompts: plans.map((plan) => ({
        name: plan.name,
        action: plan.create ? "create" : plan.newVersion ? "new_version" : "unchanged",
        version: plan.newVersion,
        files: plan.drift.files,
        metadata_updated: plan.metadata,
        label: plan.label,
        diff: unifiedDiff(plan.drift),
      })),
    });
  } else {
    for (const plan of plans) {
      if (plan.drift.state !== "in_sync") process.stdout.write(unifiedDiff(plan.drift));
      if (plan.label)
        say(`label ${plan.label.name} of ${plan.name}: ${plan.label.from ?? "(none)"} → ${plan.label.to}`);
    }
    if (!changed) say("nothing to push: the server already holds this folder");
  }
  if (changed) process.exitCode = EXIT.drift;
}

async function apply(session: Session, plan: PromptPlan, message: string | undefined): Promise<PushResult> {
  const { name, content } = plan;
  const versionBody = (version: string) => ({
    version,
    system_template: content.systemTemplate,
    user_template: content.userTemplate,
    ...(content.inputSchema ? { input_schema: content.inputSchema } : {}),
    tags: content.tags,
    ...(message ? { change_note: message } : {}),
  });
  let reviewUrl: string | null = null;
  if (plan.create) {
    const created = await withPromptName(
      name,
      unwrap(
        session.api.POST("/api/v1/prompts", {
          body: {
            name,
            description: content.description,
            visibility: content.visibility,
            version: versionBody(plan.newVersion!),
          },
        }),
      ),
    );
    if (created.pending_change_request_id) reviewUrl = reviewLink(session, created.pending_change_request_id);
  } else {
    if (plan.newVersion) {
      await withPromptName(
        name,
        unwrap(
          session.api.PUT("/api/v1/prompts/{name}", { params: { path: { name } }, body: versionBody(plan.newVersion) }),
        ),
      );
    }
    if (plan.metadata) {
      await withPromptName(
        name,
        unwrap(
          session.api.PATCH("/api/v1/prompts/{name}", {
            params: { path: { name } },
            body: { description: content.description, visibility: content.visibility },
          }),
        ),
      );
    }
  }
  return {
    name,
    action: plan.create ? "created" : plan.newVersion ? "new_version" : "unchanged",
    version: plan.newVersion ?? plan.server?.latest_version?.version ?? null,
    files: plan.drift.files,
    metadata_updated: plan.metadata,
    label: plan.label ? await moveLabel(session, name, plan.label, message) : null,
    review_url: reviewUrl,
  };
}

async function moveLabel(
  session: Session,
  name: string,
  label: NonNullable<PromptPlan["label"]>,
  message: string | undefined,
): Promise<NonNullable<PushResult["label"]>> {
  const result = await session.api.PUT("/api/v1/prompts/{name}/labels/{label}", {
    params: { path: { name, label: label.name } },
    body: { version: label.to, ...(message ? { comment: message } : {}) },
  });
  if (result.response.status === 202) {
    const request = result.data as unknown as { id: string };
    return { name: label.name, version: label.to, status: "review", review_url: reviewLink(session, request.id) };
  }
  await withPromptName(name, unwrap(Promise.resolve(result)));
  return { name: label.name, version: label.to, status: "moved", review_url: null };
}

const reviewLink = (session: Session, id: string) => `${session.url}/reviews/${id}`;

function describe(result: PushResult): string {
  const parts: string[] = [];
  if (result.action === "created") parts.push(`created with version ${result.version}`);
  else if (result.action === "new_version") parts.push(`new version ${result.version} (${result.files.join(", ")})`);
  if (result.metadata_updated) parts.push("description/visibility updated");
  if (result.label?.status === "moved") parts.push(`label ${result.label.name} → ${result.label.version}`);
  if (result.label?.status === "review") {
    parts.push(
      `label ${result.label.name} is protected: change request opened, review it at ${result.label.review_url}`,
    );
  }
  if (result.review_url) parts.push(`production awaits review at ${result.review_url}`);
  return `${result.name}: ${parts.length > 0 ? parts.join("; ") : "unchanged"}`;
}
