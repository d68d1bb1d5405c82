import path from "node:path";
import { z } from "zod";

/** Operator tokens that ship in examples and docs: using one in production is an open door. */
const KNOWN_DEFAULT_TOKENS = new Set(["dev-token-123", "changeme", "change-me", "token", "secret"]);

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const envSchema = z.object({
  DATABASE_URL: optionalText,
  PGLITE_DIR: optionalText,
  AUTH_TOKEN: optionalText,
  JWT_SECRET: optionalText,
  JWT_EXPIRY_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24),
  INVITATION_EXPIRY_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(72),
  LOG_LEVEL: z
    .string()
    .default("info")
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(LOG_LEVELS)),
  ALLOWED_HOSTS: z.string().default(""),
  CORS_ORIGINS: z.string().default(""),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().default("0.0.0.0"),
  AUTH_RATE_LIMIT_MAX: z.coerce.number().int().positive().default(10),
  MCP_RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(600),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  EXPAND_RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(600),
  WORKFLOW_RUN_RATE_LIMIT_MAX: z.coerce.number().int().min(0).default(60),
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  TRUST_PROXY: z.string().default("loopback"),
  READ_CACHE: z.enum(["on", "off"]).default("on"),
  METRICS_TOKEN: optionalText,
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optionalText,
  OTEL_SERVICE_NAME: optionalText,
  PUBLIC_URL: optionalText,
  PASSWORD_LOGIN: z.enum(["on", "off"]).default("on"),
  OIDC_ISSUER: optionalText,
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  OIDC_SCOPES: optionalText,
  OIDC_PROVIDER_NAME: optionalText,
  OIDC_ALLOWED_EMAIL_DOMAINS: z.string().default(""),
  OIDC_DEFAULT_TEAM: optionalText,
  OIDC_GROUPS_CLAIM: z.string().default("groups"),
  OIDC_GROUP_RULES: optionalText,
  OIDC_OPENSHIFT_API_URL: optionalText,
  OAUTH_ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(24 * 60 * 60)
    .default(3600),
  OAUTH_REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  OAUTH_CLIENT_METADATA_ALLOW_PRIVATE: z.enum(["on", "off"]).default("off"),
  WEBHOOKS_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5000),
  WEBHOOKS_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
});

export type DatabaseTarget = ({ kind: "postgres"; url: string } | { kind: "pglite"; dir: string | null }) & {
  /**
   * Keep hot reads in memory, dropped on the database's change notifications. Off reads every
   * time: for PostgreSQL reached only through a pooler that does not pass LISTEN/NOTIFY on
   * (PgBouncer in transaction mode).
   */
  readCache?: boolean;
};

export type Config = {
  database: DatabaseTarget;
  authToken: string | undefined;
  authTokenIsKnownDefault: boolean;
  jwtSecret: string | undefined;
  jwtExpiryHours: number;
  invitationExpiryHours: number;
  logLevel: (typeof LOG_LEVELS)[number];
  allowedHosts: string[];
  corsOrigins: string[];
  port: number;
  host: string;
  /**
   * Attempts per minute per account on login, register, invitation accept and password change;
   * a client address gets ADDRESS_LIMIT_FACTOR times as many, spread over any accounts.
   */
  authRateLimitMax: number;
  /** MCP `initialize` and `tools/call` requests per minute per caller (user, or address when anonymous); 0 = no limit. */
  mcpRateLimitMax: number;
  /** Longest time a client may take to send a whole request, headers and body. */
  requestTimeoutMs: number;
  /**
   * Expansions per minute per caller (user, else client address); 0 = unlimited. Generous: an IDE
   * expands on demand, while one caller looping on expensive prompts must not starve the rest.
   */
  expandRateLimitMax: number;
  /** Workflow runs per minute per caller; 0 = unlimited. A run is up to 50 expansions. */
  workflowRunRateLimitMax: number;
  cookieSecure: "auto" | boolean;
  /**
   * Proxies whose X-Forwarded-* headers are believed (addresses, CIDR ranges or proxy-addr names).
   * The default believes only this machine (the web UI that `npm start` runs beside the backend):
   * anyone else who can reach the backend, even from a private network, would otherwise pick
   * their own address for rate limiting by sending X-Forwarded-For. Deployments name their
   * proxies: the web UI's pods and the router.
   */
  trustProxy: string[];
  /** Bearer token that `GET /metrics` answers to; unset = no metrics endpoint (404). */
  metricsToken: string | undefined;
  /** OpenTelemetry trace export over OTLP/HTTP; null = no tracing (the SDK is not even loaded). */
  tracing: TracingConfig | null;
  /**
   * The address users and IDEs reach SpecHub at (the web UI's route, e.g. `https://spechub.example.com`),
   * without a trailing slash: the OAuth issuer, the `/mcp` resource identifier and the single
   * sign-on callback are built from it. Unset: taken from each request's (trusted) Host and scheme.
   */
  publicUrl: string | undefined;
  /** Whether people may sign in with a local password; off leaves single sign-on as the only way. */
  passwordLogin: boolean;
  /** Single sign-on with the company's OpenID Connect provider; null when not configured. */
  oidc: OidcConfig | null;
  /** SpecHub's own OAuth authorization server, which signs IDEs in to `/mcp`. */
  oauth: OAuthServerConfig;
  webhooks: WebhooksConfig;
};

export type WebhooksConfig = {
  /** How often each replica looks for new events and due deliveries: the longest a delivery waits. */
  pollIntervalMs: number;
  /** The first retry's delay; each further one doubles it (capped at an hour) for a day. */
  retryBaseMs: number;
};

export type OAuthServerConfig = {
  accessTokenTtlSeconds: number;
  /** A refresh token is good this long after it is issued; each refresh issues a new one. */
  refreshTokenTtlDays: number;
  /**
   * Whether client metadata documents may be fetched from private, loopback and link-local
   * addresses and over plain http: for development and tests only, since otherwise anyone
   * could make the server fetch from inside its network.
   */
  clientMetadataAllowPrivate: boolean;
};

/** Maps members of an identity-provider group to a team (by slug) and, optionally, a role. */
export type OidcGroupRule = { group: string; team?: string; role?: "admin" | "member" };

export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  scopes: string[];
  /** The sign-in button's label, e.g. "Keycloak" ("Sign in with Keycloak"). */
  providerName: string;
  /** Lower-cased; empty allows every domain. */
  allowedEmailDomains: string[];
  /** Slug of the team a new user joins when no group rule matches; unset = the root team. */
  defaultTeam: string | undefined;
  groupsClaim: string;
  /** Checked in order; the first rule naming a group of the user picks the team, any admin rule grants admin. */
  groupRules: OidcGroupRule[];
  /**
   * OpenShift's OAuth server is OAuth 2.0 without OpenID Connect: the user (name, groups) is read
   * from the cluster's API at this URL instead of an ID token. Unset for OpenID providers.
   */
  openshiftApiUrl: string | undefined;
};

export type TracingConfig = {
  /**
   * Where spans go: the traces URL when OTEL_EXPORTER_OTLP_TRACES_ENDPOINT names one, else
   * OTEL_EXPORTER_OTLP_ENDPOINT with `/v1/traces` appended (the OTLP/HTTP convention).
   */
  tracesUrl: string;
  serviceName: string;
};

export const DEFAULT_SERVICE_NAME = "spechub-backend";

function tracingConfig(e: {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  OTEL_SERVICE_NAME?: string;
}): TracingConfig | null {
  const base = e.OTEL_EXPORTER_OTLP_ENDPOINT;
  const tracesUrl = e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base && `${base.replace(/\/+$/, "")}/v1/traces`);
  if (!tracesUrl) return null;
  if (!/^https?:\/\//i.test(tracesUrl)) {
    throw new ConfigError(
      `OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL, got '${redactUrl(tracesUrl)}'`,
    );
  }
  return { tracesUrl, serviceName: e.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE_NAME };
}

/**
 * Accepts the URL forms the deployment guide promises (`postgresql://`, `postgres://` and the
 * Python-era `postgresql+asyncpg://`) and returns one the `pg` driver understands.
 */
export function normalizeDatabaseUrl(raw: string): string {
  const match = /^(postgres(?:ql)?)(\+[a-z0-9_]+)?:\/\//i.exec(raw);
  if (!match) {
    throw new ConfigError(
      `DATABASE_URL must start with postgresql:// or postgres:// (optionally postgresql+asyncpg://), got '${redactUrl(raw)}'`,
    );
  }
  return `postgresql://${raw.slice(match[0].length)}`;
}

function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

export class ConfigError extends Error {}

const splitList = (value: string) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  const readCache = e.READ_CACHE === "on";
  const database: DatabaseTarget = e.DATABASE_URL
    ? { kind: "postgres", url: normalizeDatabaseUrl(e.DATABASE_URL), readCache }
    : { kind: "pglite", dir: path.resolve(e.PGLITE_DIR ?? "data"), readCache };
  return {
    database,
    authToken: e.AUTH_TOKEN,
    authTokenIsKnownDefault: e.AUTH_TOKEN !== undefined && KNOWN_DEFAULT_TOKENS.has(e.AUTH_TOKEN),
    jwtSecret: e.JWT_SECRET,
    jwtExpiryHours: e.JWT_EXPIRY_HOURS,
    invitationExpiryHours: e.INVITATION_EXPIRY_HOURS,
    logLevel: e.LOG_LEVEL,
    allowedHosts: splitList(e.ALLOWED_HOSTS).map((host) => host.toLowerCase()),
    corsOrigins: splitList(e.CORS_ORIGINS),
    port: e.PORT,
    host: e.HOST,
    authRateLimitMax: e.AUTH_RATE_LIMIT_MAX,
    mcpRateLimitMax: e.MCP_RATE_LIMIT_MAX,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    expandRateLimitMax: e.EXPAND_RATE_LIMIT_MAX,
    workflowRunRateLimitMax: e.WORKFLOW_RUN_RATE_LIMIT_MAX,
    cookieSecure: e.COOKIE_SECURE === "auto" ? "auto" : e.COOKIE_SECURE === "true",
    trustProxy: splitList(e.TRUST_PROXY),
    metricsToken: e.METRICS_TOKEN,
    tracing: tracingConfig(e),
    publicUrl: publicUrl(e.PUBLIC_URL),
    passwordLogin: e.PASSWORD_LOGIN === "on",
    oidc: oidcConfig(e),
    oauth: {
      accessTokenTtlSeconds: e.OAUTH_ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.OAUTH_REFRESH_TOKEN_TTL_DAYS,
      clientMetadataAllowPrivate: e.OAUTH_CLIENT_METADATA_ALLOW_PRIVATE === "on",
    },
    webhooks: { pollIntervalMs: e.WEBHOOKS_POLL_INTERVAL_MS, retryBaseMs: e.WEBHOOKS_RETRY_BASE_MS },
  };
}

function publicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute http:// or https:// URL, got '${raw}'`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`PUBLIC_URL must be an absolute http:// or https:// URL, got '${raw}'`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

const groupRuleSchema = z.array(
  z.object({
    group: z.string().min(1),
    team: z.string().min(1).optional(),
    role: z.enum(["admin", "member"]).optional(),
  }),
);

function oidcConfig(e: z.output<typeof envSchema>): OidcConfig | null {
  if (!e.OIDC_ISSUER) return null;
  if (!e.OIDC_CLIENT_ID) throw new ConfigError("OIDC_CLIENT_ID is required when OIDC_ISSUER is set");
  let groupRules: OidcGroupRule[] = [];
  if (e.OIDC_GROUP_RULES) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(e.OIDC_GROUP_RULES);
    } catch {
      throw new ConfigError(
        'OIDC_GROUP_RULES must be JSON, e.g. [{"group":"platform","team":"platform","role":"admin"}]',
      );
    }
    const rules = groupRuleSchema.safeParse(parsed);
    if (!rules.success) {
      throw new ConfigError(
        `OIDC_GROUP_RULES: ${rules.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
      );
    }
    groupRules = rules.data;
  }
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    // OpenShift's OAuth server knows its own scopes only; `user:info` is enough to read who signed in.
    scopes: (e.OIDC_SCOPES ?? (e.OIDC_OPENSHIFT_API_URL ? "user:info" : "openid email profile"))
      .split(/[\s,]+/)
      .filter(Boolean),
    providerName: e.OIDC_PROVIDER_NAME ?? "single sign-on",
    allowedEmailDomains: splitList(e.OIDC_ALLOWED_EMAIL_DOMAINS).map((domain) =>
      domain.toLowerCase().replace(/^@/, ""),
    ),
    defaultTeam: e.OIDC_DEFAULT_TEAM,
    groupsClaim: e.OIDC_GROUPS_CLAIM,
    groupRules,
    openshiftApiUrl: e.OIDC_OPENSHIFT_API_URL,
  };
}
