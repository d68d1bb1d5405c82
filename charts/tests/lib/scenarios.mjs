// The chart configurations the tests render: the deployment guide's own --set flags, and one
// that turns on every optional part at once, so every value renders into validated objects.
export const INT_REG = "image-registry.openshift-image-registry.svc:5000";
export const NS = "spechub";
export const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

export const scenarios = {
  defaults: {},
  s2i: {
    "backend.image.repository": `${INT_REG}/${NS}/backend`,
    "backend.image.tag": "latest",
    "frontend.image.repository": `${INT_REG}/${NS}/frontend`,
    "frontend.image.tag": "latest",
    "database.image.repository": `${INT_REG}/${NS}/database`,
    "database.image.tag": "latest",
  },
  externalDatabase: {
    "database.enabled": false,
    "postgresql.host": "my-pg-server.postgres.database.azure.com",
    "postgresql.port": 5432,
    "postgresql.database": "pcp",
    "postgresql.username": "pcp",
    "postgresql.password": "Ext3rnal-Secret",
  },
  ingress: {
    "frontend.route.enabled": false,
    "backend.route.enabled": false,
    "ingress.enabled": true,
    "ingress.className": "nginx",
    "ingress.host": "spechub.example.com",
    "ingress.tls.enabled": true,
    "ingress.tls.secretName": "spechub-tls",
  },
  autoscaled: {
    "backend.replicas": 2,
    "backend.autoscaling.enabled": true,
    "backend.podDisruptionBudget.enabled": true,
  },
  existingSecret: {
    existingSecret: "spechub-credentials",
  },
  restore: {
    "backup.enabled": true,
    "backup.restoreFile": "pcp-20250101T020000Z.dump",
    "backend.autoscaling.enabled": true,
    "networkPolicy.enabled": true,
  },
  everything: {
    "backend.image.digest": DIGEST,
    "backend.image.imageStreamTag": "backend:latest",
    "frontend.image.digest": DIGEST,
    "frontend.image.imageStreamTag": "frontend:latest",
    "database.image.digest": DIGEST,
    "database.image.imageStreamTag": "database:latest",
    "serviceAccount.annotations.example\\.com/owner": "platform",
    "backend.route.enabled": true,
    "backend.route.host": "api.spechub.example.com",
    "frontend.route.host": "spechub.example.com",
    "frontend.route.tls.externalCertificateSecret": "spechub-tls",
    "backend.autoscaling.enabled": true,
    "backend.podDisruptionBudget.enabled": true,
    "frontend.autoscaling.enabled": true,
    "frontend.podDisruptionBudget.enabled": true,
    "networkPolicy.enabled": true,
    "metrics.enabled": true,
    "metrics.serviceMonitor.enabled": true,
    "metrics.serviceMonitor.labels.release": "prometheus",
    "tracing.otlpEndpoint": "http://otel-collector.observability:4318",
    "tracing.serviceName": "spechub-backend-eu",
    "backup.enabled": true,
    "backup.timeZone": "Europe/Paris",
    "postgresql.sslRootCert": "/etc/pcp-ca/ca.crt",
    "backend.extraVolumes[0].name": "pcp-ca",
    "backend.extraVolumes[0].configMap.name": "pcp-ca",
    "backend.extraVolumeMounts[0].name": "pcp-ca",
    "backend.extraVolumeMounts[0].mountPath": "/etc/pcp-ca",
    "backend.extraVolumeMounts[0].readOnly": true,
    "backend.extraEnv[0].name": "CORS_ORIGINS",
    "backend.extraEnv[0].value": "https://spechub.example.com",
    "frontend.extraVolumes[0].name": "extra",
    "frontend.extraVolumes[0].emptyDir.sizeLimit": "1Mi",
    "frontend.extraVolumeMounts[0].name": "extra",
    "frontend.extraVolumeMounts[0].mountPath": "/extra",
    ...Object.fromEntries(
      ["backend", "frontend", "database"].flatMap((component) => [
        [`${component}.nodeSelector.node-role\\.kubernetes\\.io/app`, ""],
        [`${component}.tolerations[0].key`, "dedicated"],
        [`${component}.tolerations[0].operator`, "Equal"],
        [`${component}.tolerations[0].value`, "spechub"],
        [`${component}.tolerations[0].effect`, "NoSchedule"],
        [`${component}.priorityClassName`, "spechub-critical"],
        [`${component}.podAnnotations.example\\.com/team`, "platform"],
        [`${component}.podLabels.cost-center`, "cc-42"],
        [`${component}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key`, "kubernetes.io/arch"],
        [`${component}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator`, "In"],
        [`${component}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0]`, "amd64"],
      ]),
    ),
    ...Object.fromEntries(
      ["backend", "frontend"].flatMap((component) => [
        [`${component}.topologySpreadConstraints[0].maxSkew`, 1],
        [`${component}.topologySpreadConstraints[0].topologyKey`, "topology.kubernetes.io/zone"],
        [`${component}.topologySpreadConstraints[0].whenUnsatisfiable`, "ScheduleAnyway"],
      ]),
    ),
  },
};

/** The keys of the generated Secret sh-pcp, which an `existingSecret` must hold too (sorted). */
export const SECRET_KEYS = [
  "auth-token",
  "database-url",
  "jwt-secret",
  "migration-database-url",
  "postgresql-app-password",
  "postgresql-password",
];
