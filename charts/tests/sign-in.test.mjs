// Sign-in settings in the chart: PUBLIC_URL (given or taken from the route or Ingress host),
// PASSWORD_LOGIN, and single sign-on's OIDC_* variables, with the client secret always read from
// a Secret (and a key added by hand to the generated Secret kept across upgrades).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { find, helm, renderChart, renderChartError, setFlags } from "./lib/helm.mjs";
import { chartDir } from "./lib/paths.mjs";
import { clusterWithReleaseSecret } from "./lib/release-secret.mjs";
import { schemaProblems } from "./lib/validate.mjs";

const SSO = {
  "auth.oidc.enabled": true,
  "auth.oidc.issuer": "https://keycloak.example.com/realms/acme",
  "auth.oidc.clientId": "spechub",
};

const backendOf = (objects) => find(objects, "Deployment", "sh-pcp-backend");
const envOf = (objects) =>
  Object.fromEntries(
    backendOf(objects)
      .spec.template.spec.containers.find((container) => container.name === "backend")
      .env.map((variable) => [variable.name, variable]),
  );
const envValue = (objects, name) => envOf(objects)[name]?.value;
const signInNames = (objects) =>
  Object.keys(envOf(objects)).filter(
    (name) => name.startsWith("OIDC_") || name === "PUBLIC_URL" || name === "PASSWORD_LOGIN",
  );

describe("defaults", () => {
  const objects = renderChart();

  it("leave password sign-in on, set no single sign-on and no PUBLIC_URL (the route host is generated)", () => {
    assert.deepEqual(signInNames(objects), ["PASSWORD_LOGIN"]);
    assert.equal(envValue(objects, "PASSWORD_LOGIN"), "on");
  });
});

describe("PUBLIC_URL", () => {
  it("takes publicUrl as given, without a trailing slash", () => {
    const objects = renderChart({
      set: { publicUrl: "https://prompts.example.com/", "frontend.route.host": "other.example.com" },
    });
    assert.equal(envValue(objects, "PUBLIC_URL"), "https://prompts.example.com");
  });

  it("defaults to the web UI's route host over HTTPS, else the Ingress host", () => {
    assert.equal(
      envValue(renderChart({ set: { "frontend.route.host": "spechub.example.com" } }), "PUBLIC_URL"),
      "https://spechub.example.com",
    );
    const ingress = { "frontend.route.enabled": false, "ingress.enabled": true, "ingress.host": "spechub.example.com" };
    assert.equal(envValue(renderChart({ set: ingress }), "PUBLIC_URL"), "http://spechub.example.com");
    assert.equal(
      envValue(
        renderChart({ set: { ...ingress, "ingress.tls.enabled": true, "ingress.tls.secretName": "spechub-tls" } }),
        "PUBLIC_URL",
      ),
      "https://spechub.example.com",
    );
  });

  it("refuses an address that is not an http(s) URL", () => {
    assert.match(renderChartError({ set: { publicUrl: "spechub.example.com" } }), /publicUrl/);
  });
});

describe("single sign-on", () => {
  it("passes the provider settings and reads the client secret from the release's Secret", () => {
    const objects = renderChart({
      set: {
        ...SSO,
        "auth.oidc.scopes": "openid email profile groups",
        "auth.oidc.providerName": "Keycloak",
        "auth.oidc.allowedEmailDomains[0]": "example.com",
        "auth.oidc.allowedEmailDomains[1]": "example.org",
        "auth.oidc.defaultTeam": "newcomers",
        "auth.oidc.groupsClaim": "roles",
      },
    });
    const env = envOf(objects);
    assert.deepEqual(
      Object.fromEntries(signInNames(objects).map((name) => [name, env[name].value ?? env[name].valueFrom])),
      {
        PASSWORD_LOGIN: "on",
        OIDC_ISSUER: "https://keycloak.example.com/realms/acme",
        OIDC_CLIENT_ID: "spechub",
        OIDC_CLIENT_SECRET: { secretKeyRef: { name: "sh-pcp", key: "oidc-client-secret" } },
        OIDC_SCOPES: "openid email profile groups",
        OIDC_PROVIDER_NAME: "Keycloak",
        OIDC_ALLOWED_EMAIL_DOMAINS: "example.com,example.org",
        OIDC_DEFAULT_TEAM: "newcomers",
        OIDC_GROUPS_CLAIM: "roles",
      },
    );
    // The secret never appears as a plain value.
    assert.equal(env.OIDC_CLIENT_SECRET.value, undefined);
  });

  it("reads the client secret from the Secret and key named, or the release's existingSecret", () => {
    const own = renderChart({
      set: { ...SSO, "auth.oidc.existingSecret": "keycloak-client", "auth.oidc.clientSecretKey": "secret" },
    });
    assert.deepEqual(envOf(own).OIDC_CLIENT_SECRET.valueFrom, {
      secretKeyRef: { name: "keycloak-client", key: "secret" },
    });
    const gitops = renderChart({ set: { ...SSO, existingSecret: "spechub-credentials" } });
    assert.deepEqual(envOf(gitops).OIDC_CLIENT_SECRET.valueFrom, {
      secretKeyRef: { name: "spechub-credentials", key: "oidc-client-secret" },
    });
  });

  it("sets no client secret for a public client", () => {
    const objects = renderChart({ set: { ...SSO, "auth.oidc.clientSecretKey": "" } });
    assert.ok(!("OIDC_CLIENT_SECRET" in envOf(objects)));
  });

  it("renders the group rules as JSON, in order", () => {
    const objects = renderChart({
      set: {
        ...SSO,
        "auth.oidc.groupRules[0].group": "platform-admins",
        "auth.oidc.groupRules[0].team": "platform",
        "auth.oidc.groupRules[0].role": "admin",
        "auth.oidc.groupRules[1].group": "Writers (EU)",
        "auth.oidc.groupRules[1].team": "writers",
      },
    });
    assert.deepEqual(JSON.parse(envValue(objects, "OIDC_GROUP_RULES")), [
      { group: "platform-admins", team: "platform", role: "admin" },
      { group: "Writers (EU)", team: "writers" },
    ]);
  });

  it("signs in through OpenShift's OAuth server with password sign-in off", async () => {
    const objects = renderChart({
      set: {
        ...SSO,
        "auth.oidc.issuer": "https://oauth-openshift.apps.cluster.example.com",
        "auth.oidc.openshiftApiUrl": "https://kubernetes.default.svc",
        "auth.passwordLogin": false,
      },
    });
    assert.equal(envValue(objects, "OIDC_OPENSHIFT_API_URL"), "https://kubernetes.default.svc");
    assert.equal(envValue(objects, "PASSWORD_LOGIN"), "off");
    assert.deepEqual(await schemaProblems(backendOf(objects)), []);
  });

  it("passes helm lint --strict", () => {
    const result = helm(["lint", "--strict", chartDir, ...setFlags({ ...SSO, "auth.passwordLogin": false })]);
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});

describe("refused configurations", () => {
  it("password sign-in off without single sign-on", () => {
    assert.match(
      renderChartError({ set: { "auth.passwordLogin": false } }),
      /auth.passwordLogin=false needs auth.oidc.enabled/,
    );
  });

  it("single sign-on without an issuer or a client ID", () => {
    assert.match(
      renderChartError({ set: { "auth.oidc.enabled": true } }),
      /needs auth.oidc.issuer and auth.oidc.clientId/,
    );
  });

  it("a group rule without a group, with an unknown role, or with an unknown key", () => {
    for (const [key, value] of [
      ["auth.oidc.groupRules[0].team", "platform"],
      ["auth.oidc.groupRules[0].role", "owner"],
      ["auth.oidc.groupRules[0].teams", "platform"],
    ]) {
      const set = { ...SSO, "auth.oidc.groupRules[0].group": "ops", [key]: value };
      if (key.endsWith(".team")) delete set["auth.oidc.groupRules[0].group"];
      assert.match(renderChartError({ set }), /groupRules/, key);
    }
  });

  it("a misspelt key", () => {
    assert.match(renderChartError({ set: { "auth.oidc.clientSecret": "plain" } }), /clientSecret/);
  });
});

describe("a client secret added to the generated Secret", () => {
  const namespace = "spechub";
  let api;
  let renderAgainstCluster;
  before(async () => {
    ({ api, render: renderAgainstCluster } = await clusterWithReleaseSecret(namespace, {
      "postgresql-password": "stored-password",
      "oidc-client-secret": "added-by-hand",
    }));
  });
  after(async () => {
    await api?.close();
  });

  it("is kept across upgrades", async () => {
    const data = await renderAgainstCluster(SSO);
    assert.equal(data["oidc-client-secret"], "added-by-hand");
    assert.equal(data["postgresql-password"], "stored-password");
  });
});
