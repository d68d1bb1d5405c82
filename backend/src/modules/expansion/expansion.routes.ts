import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { errorResponse } from "../../http/schemas.js";
import {
  expandBody,
  expandParams,
  expandResponse,
  expandVersionParams,
  toExpandResponse,
} from "./expansion.schemas.js";
import { type ExpandRequest, expandPrompt } from "./expansion.service.js";
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
  "422 names each input-schema problem, undefined template variable or exceeded rendering or validation limit. " +
  "429 (with Retry-After) when the caller has used up its expansions for the minute.";

export const expansionRoutes: FastifyPluginAsyncZod = async (app) => {
  const expand = async (reply: FastifyReply, principal: Parameters<typeof expandPrompt>[1], request: ExpandRequest) => {
    try {
      const expansion = await expandPrompt(app.db, principal, request, { usage: app.usage, source: "rest" });
      return reply.send(toExpandResponse(expansion));
    } catch (error) {
      // Schema problems use the same list shape as request validation, which the shared handler keeps for its own.
      if (error instanceof InputValidationError) {
        return reply.code(422).send({ detail: error.problems, code: error.code });
      }
      throw error;
    }
  };

  app.post(
    "/expand/:name",
    {
      config: { auth: "public", scope: "expand" },
      preHandler: app.callerLimits.expand,
      schema: {
        tags,
        summary: "Expand a prompt (its pinned version, else the latest)",
        description,
        params: expandParams,
        body: expandBody,
        response: responses,
      },
    },
    async (request, reply) =>
      expand(reply, request.principal, {
        name: request.params.name,
        input: request.body.input,
        projectId: request.body.project_id,
      }),
  );

  app.post(
    "/expand/:name/versions/:version",
    {
      config: { auth: "public", scope: "expand" },
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
