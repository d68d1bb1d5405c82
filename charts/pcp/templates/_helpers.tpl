{{/*
Base name of every object: <release>-pcp. It is deliberately not overridable: the deployment
guide, NOTES.txt and scripts/rollout.sh address objects as <release>-pcp-<component>.
The length limit keeps the longest derived name (the database pods' revision label,
<release>-pcp-database-<hash>) within the 63 characters Kubernetes allows in a label.
*/}}
{{- define "pcp.fullname" -}}
{{- if gt (len .Release.Name) 39 -}}
{{- fail (printf "release name %q is too long: use at most 39 characters, so that names such as %s-pcp-database fit Kubernetes limits" .Release.Name .Release.Name) -}}
{{- end -}}
{{- printf "%s-pcp" .Release.Name -}}
{{- end -}}

{{- define "pcp.backendName" -}}{{ include "pcp.fullname" . }}-backend{{- end -}}
{{- define "pcp.frontendName" -}}{{ include "pcp.fullname" . }}-frontend{{- end -}}
{{- define "pcp.databaseName" -}}{{ include "pcp.fullname" . }}-database{{- end -}}

{{/*
Labels that select one component's pods. They are also the only labels on the database's
volume claim template, which Kubernetes never lets an upgrade change: nothing that varies
between chart versions may appear here. Argument: dict "ctx" $ "component" NAME.
*/}}
{{- define "pcp.selectorLabels" -}}
app.kubernetes.io/name: pcp
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Full label set. Argument: dict "ctx" $ "component" NAME (component may be empty). */}}
{{- define "pcp.labels" -}}
{{- if .component -}}
{{ include "pcp.selectorLabels" . }}
{{- else -}}
app.kubernetes.io/name: pcp
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- end }}
app.kubernetes.io/part-of: spechub
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/*
Image reference: repository@digest when a digest is set (immutable: a reschedule or a rollback
runs the same build), else repository:tag with the chart's appVersion as the default tag.
Argument: dict "ctx" $ "image" .Values.<component>.image.
*/}}
{{- define "pcp.image" -}}
{{- if not .image.repository -}}
{{- fail "an image repository is empty: set backend.image.repository, frontend.image.repository and database.image.repository" -}}
{{- end -}}
{{- if .image.digest -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository (.image.tag | default .ctx.Chart.AppVersion | toString) -}}
{{- end -}}
{{- end -}}

{{/* image and imagePullPolicy lines of a container. Same argument as pcp.image. */}}
{{- define "pcp.imageFields" -}}
image: {{ include "pcp.image" . | quote }}
{{- with .image.pullPolicy }}
imagePullPolicy: {{ . }}
{{- end }}
{{- end -}}

{{/*
OpenShift image trigger: the workload follows an ImageStreamTag, OpenShift setting the
container's image to the tag's current image after each build.
Argument: dict "image" .Values.<component>.image "container" NAME.
*/}}
{{- define "pcp.imageTrigger" -}}
{{- with .image.imageStreamTag -}}
image.openshift.io/triggers: {{ list (dict "from" (dict "kind" "ImageStreamTag" "name" .) "fieldPath" (printf "spec.template.spec.containers[?(@.name==\"%s\")].image" $.container) "paused" "false") | toJson | quote }}
{{- end }}
{{- end -}}

{{/*
Pod and container security settings accepted by OpenShift's restricted SCC and by the
Kubernetes "restricted" Pod Security Standard. No user id is fixed: OpenShift assigns one
from the namespace's range, and elsewhere the images' own numeric non-root USER applies.
*/}}
{{- define "pcp.podSecurityContext" -}}
runAsNonRoot: true
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
The root filesystem is read-only: what a container writes goes to the emptyDir volumes each
workload mounts for it (and to the database volume).
*/}}
{{- define "pcp.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* ServiceAccount every pod of the release runs as. */}}
{{- define "pcp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- .Values.serviceAccount.name | default (include "pcp.fullname" .) -}}
{{- else -}}
{{- .Values.serviceAccount.name | default "default" -}}
{{- end -}}
{{- end -}}

{{/*
Pod-level fields shared by every pod: service account, no API token, pull secrets and the
pod security context. Argument: the root context.
*/}}
{{- define "pcp.podCommon" -}}
serviceAccountName: {{ include "pcp.serviceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/*
Scheduling fields of a component's pods. A topology spread constraint without a labelSelector
gets the component's selector, so `topologySpreadConstraints: [{maxSkew: 1, topologyKey:
topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}]` is enough.
Argument: dict "ctx" $ "component" NAME "values" .Values.<component>.
*/}}
{{- define "pcp.placement" -}}
{{- $v := .values -}}
{{- with $v.priorityClassName }}
priorityClassName: {{ . | quote }}
{{- end }}
{{- with $v.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.topologySpreadConstraints }}
{{- $selector := dict "matchLabels" (include "pcp.selectorLabels" (dict "ctx" $.ctx "component" $.component) | fromYaml) }}
topologySpreadConstraints:
  {{- range . }}
  - {{ toYaml (merge (deepCopy .) (dict "labelSelector" $selector)) | indent 4 | trim }}
  {{- end }}
{{- end }}
{{- end -}}

{{/*
Pod template labels: the component's podLabels, then the chart's own labels (which win, as the
selector relies on them). Argument: dict "ctx" $ "component" NAME "values" .Values.<component>.
*/}}
{{- define "pcp.podLabels" -}}
{{- toYaml (merge (include "pcp.labels" . | fromYaml) (deepCopy (.values.podLabels | default dict))) -}}
{{- end -}}

{{/*
preStop delay: the pod keeps serving while the endpoints controller and the router drop it,
so a rolling update sends no request to a pod that has stopped listening. Runs the image's own
sleep (busybox in the alpine images). Argument: seconds.
*/}}
{{- define "pcp.preStop" -}}
{{- if gt (int .) 0 }}
lifecycle:
  preStop:
    exec:
      command: ["sleep", {{ . | toString | quote }}]
{{- end }}
{{- end -}}

{{/*
Host of the PostgreSQL server. Fails early on the two contradictory settings, so a
half-configured external database never renders.
*/}}
{{- define "pcp.databaseHost" -}}
{{- if .Values.database.enabled -}}
{{- if .Values.postgresql.host -}}
{{- fail (printf "postgresql.host is %q but database.enabled is true: set database.enabled=false to use an external database, or leave postgresql.host empty for the built-in one" (toString .Values.postgresql.host)) -}}
{{- end -}}
{{- include "pcp.databaseName" . -}}
{{- else -}}
{{- if not .Values.postgresql.host -}}
{{- fail "database.enabled=false needs the external server: set postgresql.host (and postgresql.password)" -}}
{{- end -}}
{{- .Values.postgresql.host -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret every pod reads: existingSecret, or the one the chart generates. */}}
{{- define "pcp.secretName" -}}
{{- .Values.existingSecret | default (include "pcp.fullname" .) -}}
{{- end -}}

{{/*
Chooses a secret value: the one given in values, else the one stored in the release's Secret
by an earlier install (so upgrades keep it), else a new random one.
Argument: list VALUE STORED_BASE64 LENGTH.
*/}}
{{- define "pcp.pickSecret" -}}
{{- $given := index . 0 | default "" | toString -}}
{{- $stored := index . 1 | default "" | toString | b64dec -}}
{{- coalesce $given $stored (randAlphaNum (index . 2)) -}}
{{- end -}}

{{/* Percent-encodes one part of a URL (userinfo, path or query value); a space becomes %20. */}}
{{- define "pcp.urlPart" -}}
{{- . | toString | urlquery | replace "+" "%20" -}}
{{- end -}}

{{/*
PostgreSQL connection URL for one role, with sslmode and sslrootcert when set.
Argument: dict "ctx" $ "user" NAME "password" PASSWORD.
*/}}
{{- define "pcp.databaseUrl" -}}
{{- $pg := .ctx.Values.postgresql -}}
{{- $url := printf "postgresql://%s:%s@%s:%s/%s"
      (include "pcp.urlPart" .user)
      (include "pcp.urlPart" .password)
      (include "pcp.databaseHost" .ctx)
      (toString $pg.port)
      (include "pcp.urlPart" $pg.database) -}}
{{- $query := list -}}
{{- with $pg.sslMode }}{{ $query = append $query (printf "sslmode=%s" (include "pcp.urlPart" .)) }}{{ end -}}
{{- with $pg.sslRootCert }}{{ $query = append $query (printf "sslrootcert=%s" (include "pcp.urlPart" .)) }}{{ end -}}
{{- if $query }}{{ $url = printf "%s?%s" $url (join "&" $query) }}{{ end -}}
{{- $url -}}
{{- end -}}

{{/* One environment variable read from the release's Secret. Argument: list $ VARIABLE KEY [OPTIONAL]. */}}
{{- define "pcp.secretEnv" -}}
- name: {{ index . 1 }}
  valueFrom:
    secretKeyRef:
      name: {{ include "pcp.secretName" (index . 0) }}
      key: {{ index . 2 }}
      {{- if gt (len .) 3 }}
      optional: {{ index . 3 }}
      {{- end }}
{{- end -}}

{{/*
Pod annotation that restarts pods when a value behind the Secret changes. It hashes the values
rather than the rendered Secret, whose generated parts are random until the first install
stores them: hashing those would restart every pod on the first upgrade for nothing. With
existingSecret only its name is known: restart the pods yourself after changing its content.
*/}}
{{- define "pcp.secretChecksum" -}}
{{- $inputs := list .Values.existingSecret .Values.postgresql .Values.database.enabled .Values.backend.authToken .Values.backend.jwtSecret -}}
{{- /* Only with metrics on, so that releases without them keep the checksum they had. */ -}}
{{- if .Values.metrics.enabled }}{{ $inputs = append $inputs .Values.metrics.token }}{{ end -}}
checksum/secret: {{ $inputs | toJson | sha256sum }}
{{- end -}}

{{/* The annotations annotation-based Prometheus discovery reads, when metrics are on. */}}
{{- define "pcp.scrapeAnnotations" -}}
{{- if and .Values.metrics.enabled .Values.metrics.podAnnotations -}}
prometheus.io/scrape: "true"
prometheus.io/port: "8000"
prometheus.io/path: /metrics
{{- end -}}
{{- end -}}

{{/*
Pod annotations: the component's podAnnotations, then the chart's own (which win).
Argument: dict "ctx" $ "values" .Values.<component> "checksum" BOOL ["extra" DICT].
*/}}
{{- define "pcp.podAnnotations" -}}
{{- $annotations := deepCopy (.values.podAnnotations | default dict) -}}
{{- if .checksum }}{{ $annotations = merge (include "pcp.secretChecksum" .ctx | fromYaml) $annotations }}{{ end -}}
{{- with .extra }}{{ $annotations = merge (deepCopy .) $annotations }}{{ end -}}
{{- with $annotations }}{{ toYaml . }}{{ end -}}
{{- end -}}

{{/*
Edge-TLS Route to a component's Service. Argument: dict "ctx" $ "component" NAME "route"
.Values.<component>.route.
*/}}
{{- define "pcp.route" -}}
{{- $route := .route -}}
{{- $tls := $route.tls -}}
{{- if and $tls.certificate (not $tls.key) -}}
{{- fail (printf "%s.route.tls.certificate needs %s.route.tls.key" .component .component) -}}
{{- end -}}
{{- if and $tls.externalCertificateSecret $tls.certificate -}}
{{- fail (printf "%s.route.tls: set either certificate and key or externalCertificateSecret, not both" .component) -}}
{{- end -}}
{{- $annotations := deepCopy ($route.annotations | default dict) -}}
{{- with $route.hsts }}{{ $_ := set $annotations "haproxy.router.openshift.io/hsts_header" . }}{{ end -}}
{{- $name := printf "%s-%s" (include "pcp.fullname" .ctx) .component -}}
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: {{ $name }}
  labels:
    {{- include "pcp.labels" . | nindent 4 }}
  {{- with $annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with $route.host }}
  host: {{ . | quote }}
  {{- end }}
  to:
    kind: Service
    name: {{ $name }}
    weight: 100
  port:
    targetPort: http
  tls:
    termination: edge
    insecureEdgeTerminationPolicy: Redirect
    {{- with $tls.certificate }}
    certificate: {{ . | quote }}
    {{- end }}
    {{- with $tls.key }}
    key: {{ . | quote }}
    {{- end }}
    {{- with $tls.caCertificate }}
    caCertificate: {{ . | quote }}
    {{- end }}
    {{- with $tls.externalCertificateSecret }}
    externalCertificate:
      name: {{ . | quote }}
    {{- end }}
  wildcardPolicy: None
{{- end -}}

{{/*
HorizontalPodAutoscaler of a component's Deployment. Argument: dict "ctx" $ "component" NAME
"values" .Values.<component>.
*/}}
{{- define "pcp.hpa" -}}
{{- $a := .values.autoscaling -}}
{{- if not (and .values.resources.requests .values.resources.requests.cpu) -}}
{{- fail (printf "%s.autoscaling needs %s.resources.requests.cpu: CPU utilisation is measured against the request" .component .component) -}}
{{- end -}}
{{- if gt (int $a.minReplicas) (int $a.maxReplicas) -}}
{{- fail (printf "%s.autoscaling.minReplicas (%v) is larger than maxReplicas (%v)" .component $a.minReplicas $a.maxReplicas) -}}
{{- end -}}
{{- $name := printf "%s-%s" (include "pcp.fullname" .ctx) .component -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  labels:
    {{- include "pcp.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ $name }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
{{- end -}}

{{/* PodDisruptionBudget of a component's pods. Same argument as pcp.hpa. */}}
{{- define "pcp.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ printf "%s-%s" (include "pcp.fullname" .ctx) .component }}
  labels:
    {{- include "pcp.labels" . | nindent 4 }}
spec:
  minAvailable: {{ .values.podDisruptionBudget.minAvailable }}
  selector:
    matchLabels:
      {{- include "pcp.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/*
Pod spec of the backup and restore containers: the database image (or backup.image), the
scripts from the ConfigMap, the owner's connection and the backup volume.
Argument: dict "ctx" $ "component" NAME "script" FILE "env" (list of EnvVar).
*/}}
{{- define "pcp.backupPodSpec" -}}
{{- $ctx := .ctx -}}
{{- $backup := $ctx.Values.backup -}}
{{- $image := $ctx.Values.database.image -}}
{{- if $backup.image.repository }}{{ $image = $backup.image }}{{ end -}}
restartPolicy: Never
{{ include "pcp.podCommon" $ctx }}
{{- include "pcp.placement" (dict "ctx" $ctx "component" .component "values" (pick $ctx.Values.database "nodeSelector" "tolerations" "affinity" "priorityClassName")) }}
{{- /* The volume needs the same writable group as the database's on plain Kubernetes. */}}
securityContext:
  {{- toYaml (mergeOverwrite (include "pcp.podSecurityContext" $ctx | fromYaml) (deepCopy $ctx.Values.database.podSecurityContext)) | nindent 2 }}
containers:
  - name: {{ .component }}
    {{- include "pcp.imageFields" (dict "ctx" $ctx "image" $image) | nindent 4 }}
    command: ["sh", "/scripts/{{ .script }}"]
    env:
      {{- include "pcp.secretEnv" (list $ctx "DATABASE_URL" "migration-database-url") | nindent 6 }}
      - name: BACKUP_DIR
        value: /backups
      {{- with .env }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
    resources:
      {{- toYaml $backup.resources | nindent 6 }}
    securityContext:
      {{- include "pcp.containerSecurityContext" $ctx | nindent 6 }}
    volumeMounts:
      - name: backups
        mountPath: /backups
      - name: scripts
        mountPath: /scripts
        readOnly: true
      - name: tmp
        mountPath: /tmp
      {{- with $ctx.Values.backend.extraVolumeMounts }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
volumes:
  - name: backups
    persistentVolumeClaim:
      claimName: {{ $backup.storage.existingClaim | default (printf "%s-backup" (include "pcp.fullname" $ctx)) }}
  - name: scripts
    configMap:
      name: {{ include "pcp.fullname" $ctx }}-backup
  - name: tmp
    emptyDir:
      sizeLimit: 64Mi
  {{- with $ctx.Values.backend.extraVolumes }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}
