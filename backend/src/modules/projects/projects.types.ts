import type { projectMembers, projects } from "../../db/schema.js";

export type ProjectRow = typeof projects.$inferSelect;
export type NewProject = typeof projects.$inferInsert;
export type ProjectMemberRow = typeof projectMembers.$inferSelect;
