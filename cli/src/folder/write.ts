import fs from "node:fs";
import path from "node:path";
import { contentOfServerPrompt, FILES, filesOf, renderMeta, type ServerPrompt } from "./format.js";

/**
 * Writes one prompt's folder so it holds exactly what the server holds: a template file the
 * version does not have is removed, other files in the folder are left alone.
 */
export function writePrompt(root: string, prompt: ServerPrompt): string {
  const dir = path.join(root, prompt.name);
  fs.mkdirSync(dir, { recursive: true });
  const content = contentOfServerPrompt(prompt);
  const files = filesOf(content);
  files.set(FILES.meta, renderMeta(content, prompt.labels));
  for (const file of [FILES.meta, FILES.system, FILES.user, FILES.schema]) {
    const target = path.join(dir, file);
    const text = files.get(file);
    if (text === undefined) fs.rmSync(target, { force: true });
    else fs.writeFileSync(target, text);
  }
  return dir;
}
