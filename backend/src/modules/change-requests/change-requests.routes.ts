import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { authErrors, errorResponse } from "../../http/schemas.js";
import { requireUser } from "../access/access.service.js";
import {
  approveBody,
  changeRequestListQuery,
  changeRequestListResponse,
  changeRequestParams,
  changeRequestResponse,
  commentBody,
  commentResponse,
  rejectBody,
  toChangeRequestResponse,
  toCommentResponse,
} from "./change-requests.schemas.js";
import {
  approveChangeRequest,
  commentOnChangeRequest,
  getChangeRequest,
  listChangeRequests,
  rejectChangeRequest,
  withdrawChangeRequest,
} from "./change-requests.service.js";

const tags = ["change requests"];
const errors = { 404: errorResponse, ...authErrors };
const decisionErrors = { ...errors, 409: errorResponse };

export const changeRequestRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "",
    {
      schema: {
        tags,
        summary: "List change requests",
        description:
          "Newest first. You see the requests you proposed, those you may review, and those on prompts you may see " +
          "(or on teams whose governance you read). `mine`: only yours; `to_review`: only open ones you may approve.",
        querystring: changeRequestListQuery,
        response: { 200: changeRequestListResponse, ...authErrors },
      },
    },
    async (request) => {
      const { state, prompt, mine, to_review, page, page_size } = request.query;
      const { items, total } = await listChangeRequests(app.db, requireUser(request.principal), {
        state,
        promptName: prompt,
        mine,
        toReview: to_review,
        page,
        pageSize: page_size,
      });
      return { items: items.map(toChangeRequestResponse), total, page, page_size };
    },
  );

  app.get(
    "/:id",
    {
      schema: {
        tags,
        summary: "Get a change request with its comments",
        description: "The diff compares the proposal with what is in force now. 404 when you may not see it.",
        params: changeRequestParams,
        response: { 200: changeRequestResponse, ...errors },
      },
    },
    async (request) =>
      toChangeRequestResponse(await getChangeRequest(app.db, requireUser(request.principal), request.params.id)),
  );

  app.post(
    "/:id/approve",
    {
      schema: {
        tags,
        summary: "Approve and apply a change request",
        description:
          "For admins and owners of the prompt owner's team or a team above it (governance: of a team above the one " +
          "changed), never the author (403 `author_cannot_approve`). The change applies at once. 409 " +
          "`change_request_stale` when what it was based on changed since it was proposed: the request becomes " +
          "`stale`; approve again with `confirm_stale: true` to apply it anyway. 409 `change_request_closed` once " +
          "decided or withdrawn. Other open requests on the same target become `stale`.",
        params: changeRequestParams,
        body: approveBody,
        response: { 200: changeRequestResponse, ...decisionErrors },
      },
    },
    async (request) => {
      const view = await approveChangeRequest(app.db, requireUser(request.principal), request.params.id, {
        comment: request.body?.comment,
        confirmStale: request.body?.confirm_stale ?? false,
      });
      return toChangeRequestResponse(view);
    },
  );

  app.post(
    "/:id/reject",
    {
      schema: {
        tags,
        summary: "Reject a change request with a reason",
        description: "The same people may reject as may approve; never the author.",
        params: changeRequestParams,
        body: rejectBody,
        response: { 200: changeRequestResponse, ...decisionErrors },
      },
    },
    async (request) => {
      const view = await rejectChangeRequest(
        app.db,
        requireUser(request.principal),
        request.params.id,
        request.body.reason,
      );
      return toChangeRequestResponse(view);
    },
  );

  app.post(
    "/:id/withdraw",
    {
      schema: {
        tags,
        summary: "Withdraw your change request",
        params: changeRequestParams,
        response: { 200: changeRequestResponse, ...decisionErrors },
      },
    },
    async (request) =>
      toChangeRequestResponse(await withdrawChangeRequest(app.db, requireUser(request.principal), request.params.id)),
  );

  app.post(
    "/:id/comments",
    {
      schema: {
        tags,
        summary: "Comment on a change request",
        description: "Anyone who can see the request may comment, whatever its state.",
        params: changeRequestParams,
        body: commentBody,
        response: { 201: commentResponse, ...errors },
      },
    },
    async (request, reply) => {
      const comment = await commentOnChangeRequest(
        app.db,
        requireUser(request.principal),
        request.params.id,
        request.body.body,
      );
      return reply.code(201).send(toCommentResponse(comment));
    },
  );
};
