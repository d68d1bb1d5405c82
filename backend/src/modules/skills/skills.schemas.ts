import { z } from "zod";
import type { Skill, SkillsPage } from "./skills.service.js";

export const MAX_SKILLS_PAGE = 100;

export const skillsQuery = z.object({
  project_id: z
    .uuid({ error: "project_id must be a UUID" })
    .optional()
    .describe("Adds this project's governance to the caller's, as expansion does"),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_SKILLS_PAGE)
    .default(50)
    .describe(`Skills per page (1-${MAX_SKILLS_PAGE})`),
  cursor: z.string().max(1000).optional().describe("`next_cursor` of the previous page"),
});

export const skillChangesQuery = skillsQuery.pick({ project_id: true });

const skillSchema = z.object({
  name: z.string().describe("The prompt's name"),
  skill_name: z
    .string()
    .describe("The Agent Skills name (lowercase letters, digits, hyphens; at most 64): the prompt name, mapped to fit"),
  description: z.string().describe("The skill's description (1-1024 characters)"),
  version: z.string().describe("The prompt version the skill was built from: the served one"),
  content: z
    .string()
    .describe(
      "The whole SKILL.md: YAML front matter (name, description), then the instructions with the caller's governance applied, `<input>` markers where input values go, and the inputs described",
    ),
  digest: z.string().describe("SHA-256 (hex) of `content`: unchanged digest, unchanged skill"),
});

export const skillsResponse = z.object({
  items: z.array(skillSchema),
  next_cursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
});

const toSkillResponse = (skill: Skill) => ({
  name: skill.name,
  skill_name: skill.skillName,
  description: skill.description,
  version: skill.version,
  content: skill.content,
  digest: skill.digest,
});

export const toSkillsResponse = (page: SkillsPage) => ({
  items: page.items.map(toSkillResponse),
  next_cursor: page.nextCursor,
});
