import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { ChangeFeed } from "../../db/change-feed.js";
import { errorResponse } from "../../http/schemas.js";
import { assertCanUseProject, requireUser } from "../access/access.service.js";
import { createSkillChangeStreams } from "./skill-changes.js";
import { skillChangesQuery, skillsQuery, skillsResponse, toSkillsResponse } from "./skills.schemas.js";
import { listSkills } from "./skills.service.js";

const tags = ["skills"];
const errors = { 401: errorResponse, 403: errorResponse, 404: errorResponse, 422: errorResponse } as const;

/** Prompts as Agent Skills (`SKILL.md`), for `spechub skills sync` and, later, the web UI. */
export const skillsRoutes: FastifyPluginAsyncZod<{ changes: ChangeFeed }> = async (app, { changes }) => {
  const streams = createSkillChangeStreams({ db: app.db, changes });
  app.addHook("preClose", async () => streams.close());

  app.get(
    "",
    {
      config: { auth: "user", scope: "expand" },
      schema: {
        tags,
        summary: "Every prompt the caller may expand, as an Agent Skill",
        description:
          "One SKILL.md per non-deprecated prompt the caller may expand (its served version), rendered with the " +
          "caller's policies and objectives (plus the project's, with `project_id`) and a `<name>` marker for each " +
          "input; not recorded as expansions. Ordered by prompt name; `next_cursor` pages on. API keys and tokens " +
          "need the `expand` scope.",
        querystring: skillsQuery,
        response: { 200: skillsResponse, ...errors },
      },
    },
    async (request) =>
      toSkillsResponse(
        await listSkills(app.db, request.principal, {
          projectId: request.query.project_id,
          limit: request.query.limit,
          cursor: request.query.cursor,
        }),
      ),
  );

  app.get(
    "/changes",
    {
      config: { auth: "user", scope: "expand" },
      exposeHeadRoute: false,
      schema: {
        tags,
        summary: "A server-sent event stream saying when the caller's skills change",
        description:
          "`text/event-stream`: `event: ready` with the skills' fingerprint when it opens, then `event: skills_changed` " +
          "(id: the new fingerprint) whenever a prompt, version, label or governance change makes `GET /skills` answer " +
          "differently for the caller, debounced. The stream ends after a while; reconnect (with `Last-Event-ID`). " +
          "429 beyond 5 open streams per user.",
        querystring: skillChangesQuery,
        response: { ...errors, 429: errorResponse },
      },
    },
    async (request, reply) => {
      const caller = requireUser(request.principal);
      const projectId = request.query.project_id ?? null;
      if (projectId !== null) await assertCanUseProject(app.db, caller, projectId);
      await streams.open(request, reply, caller, projectId);
    },
  );
};
