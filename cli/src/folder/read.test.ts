import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readFolder } from "./read.js";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** A prompt folder holding one prompt, `review`, with this prompt.yaml. */
function folderWith(meta: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "spechub-read-"));
  roots.push(root);
  fs.mkdirSync(path.join(root, "review"));
  fs.writeFileSync(path.join(root, "review", "prompt.yaml"), meta);
  fs.writeFileSync(path.join(root, "review", "user.jinja"), "{{ input }}");
  return root;
}

const tagList = (tags: string[]) => `tags: [${tags.join(", ")}]\n`;

describe("a prompt's tags", () => {
  it("are read trimmed and once each, up to the server's 20 tags of 50 characters", () => {
    const tags = Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(50, "t"));
    const { prompts, problems } = readFolder(folderWith(tagList([...tags.slice(0, 19), `" ${tags[19]} "`])));
    expect(problems).toEqual([]);
    expect(prompts[0]?.content.tags).toEqual(tags);
  });

  it("refuse more than 20 tags, or a tag longer than 50 characters, where they are written", () => {
    const many = readFolder(folderWith(tagList(Array.from({ length: 21 }, (_, i) => `t${i}`))));
    expect(many.problems.map((problem) => [problem.line, problem.message])).toEqual([[1, "at most 20 tags"]]);
    const long = readFolder(folderWith(`visibility: org\n${tagList(["ok", "t".repeat(51)])}`));
    expect(long.problems.map((problem) => [problem.line, problem.message])).toEqual([
      [2, "each tag has at most 50 characters"],
    ]);
  });
});
