import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { errorResponse } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import {
  expandBody,
  expandParams,
  expandQuery,
  expandResponse,
  expandVersionParams,
  previewBody,
  toExpandResponse,
} from "./expansion.schemas.js";
import { type ExpandRequest, type Expansion, expandPrompt, previewExpansion } from "./expansion.service.js";
import { InputValidationError } from "./input-validation.js";

const tags = ["expansion"];

const responses = {
  200: expandResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  422: errorResponse,
  429: errorResponse,
} as const;

const description =
  "Renders the prompt's templates with `input` and applies the caller's policies and objectives (plus the project's, " +
  "with `project_id`). Anonymous callers may expand public prompts, without governance. API keys need the `expand` scope. " +
  "Schema `default`s fill in properties the input leaves out; an optional property left out renders as undefined, " +
  "which is falsy. 422 names each input-schema problem, undefined template variable or exceeded rendering or " +
  "validation limit. 429 (with Retry-After) when the caller has used up its expansions for the minute.";

export const expansionRoutes: FastifyPluginAsyncZod = async (app) => {
  const respond = async (reply: FastifyReply, run: () => Promise<Expansion>) => {
    try {
      return reply.send(toExpandResponse(await run()));
    } catch (error) {
      // Schema problems use the same list shape as request validation, which the shared handler keeps for its own.
      if (error instanceof InputValidationError) {
        return reply.code(422).send({ detail: error.problems, code: error.code });
      }
      throw error;
    }
  };
  const expand = (reply: FastifyReply, principal: Parameters<typeof expandPrompt>[1], request: ExpandRequest) =>
    respond(reply, () => expandPrompt(app.db, principal, request, { usage: app.usage, channel: "rest" }));

  app.post(
    "/expand/:name",
    {
      config: { auth: "public", scope: "expand", readOnly: true },
      preHandler: app.callerLimits.expand,
      schema: {
        tags,
        summary: "Expand a prompt (its `production` version, else the latest; or the version `label` names)",
        description:
          `${description} While \`production\` is protected, a prompt without a production label is 404 ` +
          "`not_in_production` unless a label is given.",
        params: expandParams,
        querystring: expandQuery,
        body: expandBody,
        response: responses,
      },
    },
    async (request, reply) =>
      expand(reply, request.principal, {
        name: request.params.name,
        label: request.query.label,
        input: request.body.input,
        projectId: request.body.project_id,
      }),
  );

  app.post(
    "/expand/:name/preview",
    {
      config: { auth: "user", scope: "expand", readOnly: true },
      schema: {
        tags,
        summary: "Preview a prompt as someone else would receive it",
        description:
          "Expands the served version (or `version`) with `input` as another caller: `as_user_id` gives exactly that " +
          "user's expansion (for admins and owners of one of the user's teams or a team above it); `as_team_id` a member of " +
          "the team without personal governance (for the team's owners and those above); `project_id` adds the " +
          "project's governance, and alone previews as a member of the project's team (for the project's managers). " +
          "The caller must see the prompt. `?label=` previews the version a label points at. Previews are not " +
          "recorded as usage. 422 as for expansion.",
        params: expandParams,
        querystring: expandQuery,
        body: previewBody,
        response: responses,
      },
    },
    async (request, reply) =>
      respond(reply, () =>
        previewExpansion(app.db, requireUser(request.principal), {
          name: request.params.name,
          version: request.body.version,
          label: request.query.label,
          input: request.body.input,
          asUserId: request.body.as_user_id,
          asTeamId: request.body.as_team_id,
          projectId: request.body.project_id,
        }),
      ),
  );

  app.post(
    "/expand/:name/versions/:version",
    {
      config: { auth: "public", scope: "expand", readOnly: true },
      preHandler: app.callerLimits.expand,
      schema: {
        tags,
        summary: "Expand a specific version of a prompt",
        description,
        params: expandVersionParams,
        body: expandBody,
        response: responses,
      },
    },
    async (request, reply) =>
      expand(reply, request.principal, {
        name: request.params.name,
        version: request.params.version,
        input: request.body.input,
        projectId: request.body.project_id,
      }),
  );
};
