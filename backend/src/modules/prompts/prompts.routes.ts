import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { authErrors, errorResponse } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import { changeRequestResponse, toChangeRequestResponse } from "../change-requests/change-requests.schemas.js";
import { granteeOf, shareBody, shareResponse, teamShareIdParam, toShareResponse } from "../shares/shares.schemas.js";
import {
  clearPromptLabel,
  type LabelChange,
  movePromptLabel,
  pinPromptVersion,
  unpinPrompt,
} from "./labels.service.js";
import {
  labelClearBody,
  labelMoveBody,
  promptCreateBody,
  promptLabelParams,
  promptListQuery,
  promptListResponse,
  promptNameParams,
  promptResponse,
  promptShareParams,
  promptUpdateBody,
  promptVersionParams,
  promptVersionResponse,
  toLabeledVersionResponse,
  toPromptResponse,
  toVersionCheckResponse,
  versionBody,
  versionCheckBody,
  versionCheckResponse,
} from "./prompts.schemas.js";
import {
  addPrompt,
  addPromptVersion,
  changePrompt,
  checkVersionDraft,
  getPrompt,
  listPromptShares,
  listPrompts,
  listPromptVersions,
  setPromptDeprecated,
  sharePrompt,
  unsharePrompt,
  type VersionInput,
} from "./prompts.service.js";

const tags = ["prompts"];
/** Reads work without credentials (public prompts only) and show more to signed-in callers. */
const optionalAuth: Record<string, string[]>[] = [{}, { bearer: [] }, { cookie: [] }];
const readErrors = { 404: errorResponse, 401: errorResponse, 403: errorResponse, 422: errorResponse };
const writeErrors = { 404: errorResponse, ...authErrors };

const toVersionInput = (body: z.infer<typeof versionBody>): VersionInput => ({
  version: body.version,
  systemTemplate: body.system_template,
  userTemplate: body.user_template,
  inputSchema: body.input_schema,
  tags: body.tags,
  changeNote: body.change_note,
});

/** 200 with the prompt when the change applied; 202 with the change request a protected label opened. */
const labelResponses = { 200: promptResponse, 202: changeRequestResponse, ...writeErrors };

function sendLabelChange(reply: FastifyReply, change: LabelChange) {
  if (change.kind === "proposed") return reply.code(202).send(toChangeRequestResponse(change.changeRequest));
  return reply.code(200).send(toPromptResponse(change.prompt));
}

export const promptRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "",
    {
      schema: {
        tags,
        summary: "Create a prompt with its first version",
        description:
          "The caller becomes the owner. 422 when `input_schema` is not a valid JSON Schema or the templates would " +
          "fail a caller (see `PUT /prompts/{name}`). While `production` is protected, the first version is not " +
          "served by default until a reviewer approves the change request opened with it " +
          "(`pending_change_request_id`).",
        body: promptCreateBody,
        response: { 201: promptResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (request, reply) => {
      const { name, description, visibility, version } = request.body;
      const detail = await addPrompt(app.db, requireUser(request.principal), {
        name,
        description,
        visibility,
        version: toVersionInput(version),
      });
      return reply.code(201).send(toPromptResponse(detail));
    },
  );

  app.post(
    "/validate",
    {
      config: { readOnly: true },
      schema: {
        tags,
        summary: "Check a version's templates before saving",
        description:
          "Answers what saving these templates and input schema would refuse (syntax errors with line and column, " +
          "variables the input schema does not declare, reserved property names, includes of prompts you cannot " +
          "see, loops over the governance strings) and every variable the templates read; with `input`, also what " +
          "the draft renders for you. Saves nothing and records no usage.",
        body: versionCheckBody,
        response: { 200: versionCheckResponse, ...authErrors },
      },
    },
    async (request) => {
      const { system_template, user_template, input_schema, input } = request.body;
      const check = await checkVersionDraft(
        app.db,
        requireUser(request.principal),
        { systemTemplate: system_template, userTemplate: user_template, inputSchema: input_schema },
        input,
      );
      return toVersionCheckResponse(check);
    },
  );

  app.get(
    "",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "List the prompts the caller may see",
        description:
          "Anonymous callers see public prompts; signed-in users also see `org` prompts, their own and those shared with them; admins see all. Ordered by name.",
        security: optionalAuth,
        querystring: promptListQuery,
        response: { 200: promptListResponse, 401: errorResponse, 403: errorResponse, 422: errorResponse },
      },
    },
    async (request) => {
      const { page, page_size, tag, q, user_id, visibility, label, include_deprecated } = request.query;
      const { items, total } = await listPrompts(app.db, request.principal, {
        page,
        pageSize: page_size,
        tag,
        q,
        userId: user_id,
        visibility,
        label,
        includeDeprecated: include_deprecated,
      });
      return { items: items.map(toPromptResponse), total, page, page_size };
    },
  );

  app.get(
    "/:name",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "Get a prompt",
        security: optionalAuth,
        params: promptNameParams,
        response: { 200: promptResponse, ...readErrors },
      },
    },
    async (request) => toPromptResponse(await getPrompt(app.db, request.principal, request.params.name)),
  );

  app.get(
    "/:name/versions",
    {
      config: { auth: "public" },
      schema: {
        tags,
        summary: "List a prompt's versions, newest first",
        security: optionalAuth,
        params: promptNameParams,
        response: { 200: z.array(promptVersionResponse), ...readErrors },
      },
    },
    async (request) => {
      const versions = await listPromptVersions(app.db, request.principal, request.params.name);
      return versions.map(toLabeledVersionResponse);
    },
  );

  app.put(
    "/:name",
    {
      schema: {
        tags,
        summary: "Add a version",
        description:
          "The new version becomes the latest; labels (and so a pinned version) stay where they are. Refused with 422 naming line, column " +
          "and problem when a template does not parse, reads a variable that is neither an `input_schema` property, " +
          "a governance variable (`policies`, `objectives`, `governance`) nor set in the template, loops over the " +
          "`policies` or `objectives` strings, or includes a prompt that does not exist or you cannot see; and " +
          "when `input_schema` declares a reserved name (`policies`, `objectives`, `governance`).",
        params: promptNameParams,
        body: versionBody,
        response: { 201: promptVersionResponse, 409: errorResponse, ...writeErrors },
      },
    },
    async (request, reply) => {
      const version = await addPromptVersion(
        app.db,
        requireUser(request.principal),
        request.params.name,
        toVersionInput(request.body),
      );
      return reply.code(201).send(toLabeledVersionResponse(version));
    },
  );

  app.patch(
    "/:name",
    {
      schema: {
        tags,
        summary: "Change a prompt's description or visibility",
        params: promptNameParams,
        body: promptUpdateBody,
        response: { 200: promptResponse, ...writeErrors },
      },
    },
    async (request) => {
      const detail = await changePrompt(app.db, requireUser(request.principal), request.params.name, request.body);
      return toPromptResponse(detail);
    },
  );

  app.delete(
    "/:name",
    {
      schema: {
        tags,
        summary: "Deprecate a prompt",
        description: "Expansion stops serving it; it stays listed and can be restored. Idempotent.",
        params: promptNameParams,
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      await setPromptDeprecated(app.db, requireUser(request.principal), request.params.name, true);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/:name/restore",
    {
      schema: {
        tags,
        summary: "Restore a deprecated prompt",
        params: promptNameParams,
        response: { 200: promptResponse, ...writeErrors },
      },
    },
    async (request) => {
      const detail = await setPromptDeprecated(app.db, requireUser(request.principal), request.params.name, false);
      return toPromptResponse(detail);
    },
  );

  app.put(
    "/:name/labels/:label",
    {
      schema: {
        tags,
        summary: "Point a label at a version",
        description:
          "Owner or admin. `production` is what expansion serves by default; other labels (e.g. `staging`) are " +
          "served on request (`?label=`). On a protected label (see settings) nothing moves yet: 202 with the " +
          "change request opened, which `comment` starts. A label already on that version: 200, nothing changes. " +
          "`latest` always names the newest version and cannot be moved (422 `reserved_label`).",
        params: promptLabelParams,
        body: labelMoveBody,
        response: labelResponses,
      },
    },
    async (request, reply) => {
      const { name, label } = request.params;
      const change = await movePromptLabel(app.db, requireUser(request.principal), name, label, request.body);
      return sendLabelChange(reply, change);
    },
  );

  app.delete(
    "/:name/labels/:label",
    {
      schema: {
        tags,
        summary: "Remove a label",
        description:
          "Owner or admin. On a protected label: 202 with the change request opened (its `version` is null). " +
          "404 `label_not_found` when the prompt has no such label; 422 `reserved_label` for `latest`.",
        params: promptLabelParams,
        body: labelClearBody,
        response: labelResponses,
      },
    },
    async (request, reply) => {
      const { name, label } = request.params;
      const change = await clearPromptLabel(app.db, requireUser(request.principal), name, label, {
        comment: request.body?.comment,
      });
      return sendLabelChange(reply, change);
    },
  );

  app.post(
    "/:name/rollback/:version",
    {
      schema: {
        tags,
        summary: "Pin a version",
        description:
          "Moves the `production` label to this version: expansion serves it until it moves again, even after newer " +
          "versions are added. While `production` is protected: 202 with the change request opened instead.",
        params: promptVersionParams,
        response: labelResponses,
      },
    },
    async (request, reply) => {
      const { name, version } = request.params;
      return sendLabelChange(reply, await pinPromptVersion(app.db, requireUser(request.principal), name, version));
    },
  );

  app.delete(
    "/:name/pin",
    {
      schema: {
        tags,
        summary: "Unpin: serve the latest version again",
        description:
          "Clears the `production` label; idempotent. While `production` is protected: 202 with the change request " +
          "opened instead (and once approved, the prompt serves nothing by default until a version is approved).",
        params: promptNameParams,
        response: labelResponses,
      },
    },
    async (request, reply) =>
      sendLabelChange(reply, await unpinPrompt(app.db, requireUser(request.principal), request.params.name)),
  );

  app.post(
    "/:name/shares",
    {
      schema: {
        tags,
        summary: "Share a prompt with a user or a team",
        description:
          "Send `user_id`, or `team_id` (with `include_subteams` to reach the teams below it too), not both. " +
          "A team share reaches every member of the team, whichever of their teams it is. Idempotent: sharing " +
          "again answers the existing share (with a team, it takes the new `include_subteams`).",
        params: promptNameParams,
        body: shareBody,
        response: { 201: shareResponse, ...writeErrors },
      },
    },
    async (request, reply) => {
      const share = await sharePrompt(
        app.db,
        requireUser(request.principal),
        request.params.name,
        granteeOf(request.body),
      );
      return reply.code(201).send(toShareResponse(share));
    },
  );

  app.get(
    "/:name/shares",
    {
      schema: {
        tags,
        summary: "List who a prompt is shared with: users and teams",
        params: promptNameParams,
        response: { 200: z.array(shareResponse), ...writeErrors },
      },
    },
    async (request) => {
      const shares = await listPromptShares(app.db, requireUser(request.principal), request.params.name);
      return shares.map(toShareResponse);
    },
  );

  app.delete(
    "/:name/shares/:user_id",
    {
      schema: {
        tags,
        summary: "Withdraw a share with a user",
        params: promptShareParams,
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { name, user_id } = request.params;
      await unsharePrompt(app.db, requireUser(request.principal), name, { kind: "user", userId: user_id });
      return reply.code(204).send(null);
    },
  );

  app.delete(
    "/:name/shares/teams/:team_id",
    {
      schema: {
        tags,
        summary: "Withdraw a share with a team",
        params: promptNameParams.extend(teamShareIdParam),
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { name, team_id } = request.params;
      const grantee = { kind: "team", teamId: team_id, includeSubteams: false } as const;
      await unsharePrompt(app.db, requireUser(request.principal), name, grantee);
      return reply.code(204).send(null);
    },
  );
};
