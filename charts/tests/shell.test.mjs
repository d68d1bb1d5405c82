// Shell scripts we ship: shellcheck-clean and syntactically valid.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { repoRoot } from "./lib/paths.mjs";
import { ensureDebianTool } from "./lib/tools.mjs";

const shellFiles = (dir) =>
  fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".sh"))
    .map((name) => path.join(dir, name));
const scripts = [
  path.join(repoRoot, "scripts", "rollout.sh"),
  ...shellFiles(path.join(repoRoot, "database", "init")),
  // The backup and restore scripts the chart mounts into its jobs.
  ...shellFiles(path.join(repoRoot, "charts", "pcp", "files")),
];

describe("shell scripts", () => {
  before(() => {
    ensureDebianTool("shellcheck");
  });

  for (const file of scripts) {
    const name = path.relative(repoRoot, file);

    it(`${name} passes shellcheck`, () => {
      const result = spawnSync("shellcheck", ["--external-sources", file], { encoding: "utf8" });
      assert.equal(result.status, 0, result.stdout + result.stderr);
    });

    it(`${name} parses`, () => {
      const shell = fs.readFileSync(file, "utf8").startsWith("#!/usr/bin/env bash") ? "bash" : "sh";
      const result = spawnSync(shell, ["-n", file], { encoding: "utf8" });
      assert.equal(result.status, 0, result.stderr);
    });
  }
});
