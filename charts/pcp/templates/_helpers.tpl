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
Image reference. An empty tag means the chart's appVersion; a tag that is a digest
(sha256:...) is joined with "@". Argument: dict "ctx" $ "image" .Values.<component>.image.
*/}}
{{- define "pcp.image" -}}
{{- if not .image.repository -}}
{{- fail "an image repository is empty: set backend.image.repository, frontend.image.repository and database.image.repository" -}}
{{- end -}}
{{- $tag := .image.tag | default .ctx.Chart.AppVersion | toString -}}
{{- if hasPrefix "sha256:" $tag -}}
{{- printf "%s@%s" .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
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
Pod and container security settings accepted by OpenShift's restricted SCC and by the
Kubernetes "restricted" Pod Security Standard. No user id is fixed: OpenShift assigns one
from the namespace's range, and elsewhere the images' own numeric non-root USER applies.
*/}}
{{- define "pcp.podSecurityContext" -}}
runAsNonRoot: true
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "pcp.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
Host of the PostgreSQL server the backend uses. Fails early on the two contradictory
settings, so a half-configured external database never renders.
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

{{/* Percent-encodes one part of a URL (userinfo or path); a space becomes %20, not "+". */}}
{{- define "pcp.urlPart" -}}
{{- . | toString | urlquery | replace "+" "%20" -}}
{{- end -}}

{{/* The backend's pod environment shared by the Deployment and the migration Job. */}}
{{- define "pcp.backendDatabaseEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "pcp.fullname" . }}
      key: database-url
{{- end -}}

{{/*
Pod annotation that restarts pods when a value behind the Secret changes. It hashes the values
rather than the rendered Secret, whose generated parts are random until the first install
stores them: hashing those would restart every pod on the first upgrade for nothing.
*/}}
{{- define "pcp.secretChecksum" -}}
checksum/secret: {{ list .Values.postgresql .Values.database.enabled .Values.backend.authToken .Values.backend.jwtSecret | toJson | sha256sum }}
{{- end -}}
