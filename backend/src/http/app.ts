import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import cors from "@fastify/cors";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import {
  createJsonSchemaTransformObject,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Config } from "../config.js";
import type { Database } from "../db/client.js";
import { type PeriodicJob, startPeriodicJob } from "../lib/periodic-job.js";
import { mcpRoutes } from "../mcp/mcp.routes.js";
import { apiKeyRoutes } from "../modules/api-keys/api-keys.routes.js";
import { auditRoutes } from "../modules/audit/audit.routes.js";
import { pruneAuditEvents } from "../modules/audit/audit.service.js";
import { authRoutes } from "../modules/auth/auth.routes.js";
import { createSessionTokens, resolveJwtSecret } from "../modules/auth/session-token.js";
import { changeRequestRoutes } from "../modules/change-requests/change-requests.routes.js";
import { expansionRoutes } from "../modules/expansion/expansion.routes.js";
import { healthRoutes } from "../modules/health/health.routes.js";
import { invitationRoutes } from "../modules/invitations/invitations.routes.js";
import { metricsRoutes } from "../modules/metrics/metrics.routes.js";
import { oauthConsentRoutes, oauthServerRoutes } from "../modules/oauth/oauth.routes.js";
import { pruneOAuth } from "../modules/oauth/pruning.js";
import { objectiveRoutes } from "../modules/objectives/objectives.routes.js";
import { policyRoutes } from "../modules/policies/policies.routes.js";
import { projectRoutes } from "../modules/projects/projects.routes.js";
import { promptRoutes } from "../modules/prompts/prompts.routes.js";
import { settingsRoutes } from "../modules/settings/settings.routes.js";
import { skillsRoutes } from "../modules/skills/skills.routes.js";
import { ssoRoutes } from "../modules/sso/sso.routes.js";
import { teamRoutes } from "../modules/teams/teams.routes.js";
import { createUsageRecorder } from "../modules/usage/usage.recorder.js";
import { usageRoutes } from "../modules/usage/usage.routes.js";
import { pruneUsage } from "../modules/usage/usage.service.js";
import { userRoutes } from "../modules/users/users.routes.js";
import { startWebhookDispatcher } from "../modules/webhooks/webhook-dispatcher.js";
import { webhookRoutes } from "../modules/webhooks/webhooks.routes.js";
import { pruneWebhookDeliveries } from "../modules/webhooks/webhooks.service.js";
import { pruneWorkflowRuns } from "../modules/workflows/workflow-runs.service.js";
import { workflowRoutes } from "../modules/workflows/workflows.routes.js";
import { createMetrics } from "../observability/metrics.js";
import { metricsEndpoint } from "../observability/metrics.routes.js";
import { observeRequests } from "../observability/request-hooks.js";
import { SERVICE_VERSION } from "../version.js";
import { authenticate } from "./authenticate.js";
import { createCallerLimits } from "./caller-limits.js";
import { installErrorHandler, installNotFoundHandler } from "./error-handler.js";
import { logSerializers, RequestLogController } from "./logging.js";
import { namedFields } from "./schemas.js";
import { refuseNulCharacters } from "./text-input.js";
import { dropUnusedConnectionsOnClose } from "./unused-connections.js";
import "./types.js";

export type AppOptions = {
  config: Config;
  database: Database;
  /** False for silence; a stream to read the log lines (tests). Defaults to stdout. */
  logger?: false | { stream: { write(line: string): void } };
};

export const API_PREFIX = "/api/v1";

const CONNECTION_TIMEOUT_MS = 2 * 60 * 1000;

export async function buildApp({ config, database, logger }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger === false ? false : { level: config.logLevel, serializers: logSerializers, ...logger },
    logController: new RequestLogController(),
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && /^[\w-]{1,100}$/.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // A client has this long to send a whole request (408); a slow body cannot hold a connection
    // open. Answers are not covered: once a request is in, producing and sending its answer takes
    // what it takes (MCP event streams stay open for long). Node enforces the limit only if
    // the headers' own limit is no longer, and only as often as it checks pending requests.
    requestTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: Math.min(60_000, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.min(30_000, Math.ceil(config.requestTimeoutMs / 10)),
    },
    // A connection with no traffic in either direction for this long is dropped: clients that
    // stop reading their answer. It is well above the longest a request may compute, and above
    // the keep-alive interval of MCP event streams.
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    routerOptions: { ignoreTrailingSlash: false },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("db", database.db);
  app.decorate("config", config);
  // Counting costs nothing when nobody may read the counts: no token, no metrics.
  const metrics = config.metricsToken ? createMetrics(database, () => usage.stats()) : null;
  const usage = createUsageRecorder(database.db, app.log, { onRecord: metrics?.observeExpansion });
  app.decorate("usage", usage);
  // Queued usage rows are written before the database goes: once closing starts, every new row
  // is written at once, and onClose waits for the writes still under way.
  app.addHook("preClose", async () => usage.close());
  app.addHook("onClose", async () => usage.flush());
  // Audit events, expansion log rows, workflow runs and webhook deliveries past their retention, and expired
  // OAuth requests and tokens, are pruned while the app runs, and no longer once it closes; the
  // webhook dispatcher runs beside them and stops with them.
  let prunings: PeriodicJob[] = [];
  app.addHook("onReady", async () => {
    prunings = [
      startPeriodicJob(app.log, {
        name: "audit pruning",
        run: async (signal) => {
          const pruned = await pruneAuditEvents(database.db, { signal });
          return pruned > 0 ? { pruned } : null;
        },
      }),
      startPeriodicJob(app.log, {
        name: "expansion log pruning",
        firstAfterMs: 90_000,
        run: async (signal) => {
          const pruned = await pruneUsage(database.db, { signal });
          return pruned.events + pruned.rollups > 0 ? pruned : null;
        },
      }),
      startPeriodicJob(app.log, {
        name: "OAuth pruning",
        firstAfterMs: 120_000,
        run: async (signal) => {
          const pruned = await pruneOAuth(database.db, { signal });
          return pruned.requests + pruned.tokens > 0 ? pruned : null;
        },
      }),
      startPeriodicJob(app.log, {
        name: "webhook delivery log pruning",
        firstAfterMs: 150_000,
        run: async () => {
          const pruned = await pruneWebhookDeliveries(database.db);
          return pruned.deliveries + pruned.events > 0 ? pruned : null;
        },
      }),
      startPeriodicJob(app.log, {
        name: "workflow run history pruning",
        firstAfterMs: 180_000,
        run: async (signal) => {
          const pruned = await pruneWorkflowRuns(database.db, { signal });
          return pruned > 0 ? { pruned } : null;
        },
      }),
      // Every few seconds rather than hourly: it delivers the webhook outbox (see the dispatcher).
      startWebhookDispatcher(database.db, app.log, config.webhooks),
    ];
  });
  app.addHook("onClose", async () => {
    await Promise.all(prunings.map((pruning) => pruning.stop()));
  });
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  dropUnusedConnectionsOnClose(app);
  installErrorHandler(app);
  installNotFoundHandler(app);
  observeRequests(app, metrics);

  await app.register(cookie);
  await app.register(cors, {
    origin: config.corsOrigins.length ? config.corsOrigins : false,
    credentials: true,
  });
  // Routes take their limiters from it (see limitAuthAttempts); none applies everywhere.
  await app.register(rateLimit, { global: false });
  app.decorate("callerLimits", createCallerLimits(app));
  await registerDocs(app);

  const sessionSecret = await resolveJwtSecret(database.db, config);
  const tokens = createSessionTokens(sessionSecret, config.jwtExpiryHours);
  await app.register(authenticate, { tokens });

  await app.register(healthRoutes, { database });
  if (metrics && config.metricsToken) await app.register(metricsEndpoint, { token: config.metricsToken, metrics });
  await app.register(mcpRoutes, { changes: database.changes });
  await app.register(oauthServerRoutes);
  await app.register(
    async (api) => {
      // MCP checks its own arguments: its errors are JSON-RPC, not this 422.
      api.addHook("preValidation", refuseNulCharacters);
      await api.register(authRoutes, { prefix: "/auth", tokens });
      await api.register(ssoRoutes, { prefix: "/auth", tokens, sessionSecret });
      await api.register(userRoutes, { prefix: "/users", tokens });
      await api.register(apiKeyRoutes);
      await api.register(teamRoutes, { prefix: "/teams" });
      await api.register(invitationRoutes, { prefix: "/auth/invitations", tokens });
      await api.register(projectRoutes, { prefix: "/projects" });
      await api.register(policyRoutes, { prefix: "/policies" });
      await api.register(objectiveRoutes, { prefix: "/objectives" });
      await api.register(promptRoutes, { prefix: "/prompts" });
      await api.register(expansionRoutes);
      await api.register(metricsRoutes, { prefix: "/metrics" });
      await api.register(usageRoutes, { prefix: "/usage" });
      await api.register(workflowRoutes, { prefix: "/workflows" });
      await api.register(settingsRoutes, { prefix: "/settings" });
      await api.register(auditRoutes, { prefix: "/audit" });
      await api.register(changeRequestRoutes, { prefix: "/change-requests" });
      await api.register(webhookRoutes, { prefix: "/webhooks" });
      await api.register(oauthConsentRoutes, { prefix: "/oauth" });
      await api.register(skillsRoutes, { prefix: "/skills", changes: database.changes });
    },
    { prefix: API_PREFIX },
  );
  return app;
}

async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: "Prompt Control Plane",
        version: SERVICE_VERSION,
        description: "SpecHub (PCP): prompt registry with hierarchical governance, served over REST and MCP.",
      },
      components: {
        securitySchemes: {
          bearer: {
            type: "http",
            scheme: "bearer",
            description: "JWT from login, an API key (pcp_…) or the operator token",
          },
          cookie: { type: "apiKey", in: "cookie", name: "pcp_session" },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    // A POST that changes nothing says so, for clients and for the audit coverage test.
    transform: (input) => {
      const transformed = jsonSchemaTransform(input);
      if (!input.route.config?.readOnly) return transformed;
      return { ...transformed, schema: { ...transformed.schema, "x-read-only": true } };
    },
    // The named fields are listed under components/schemas for clients to read their rules from;
    // routes keep them inline. Their own registry, not zod's global one, so that MCP tool schemas
    // (converted from the same zod schemas) stay free of $refs.
    transformObject: createJsonSchemaTransformObject({ schemaRegistry: namedFields }),
  });
  // The API description is public, like any open-source product's; the data behind it is not.
  await app.register(async (docs) => {
    docs.addHook("onRoute", (route) => {
      route.config = { ...(route.config ?? {}), auth: "public" };
    });
    await docs.register(swaggerUi, { routePrefix: "/docs" });
    docs.get("/openapi.json", { schema: { hide: true } }, async () => docs.swagger());
  });
}
