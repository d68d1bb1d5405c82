{{/*
The address people reach SpecHub at: `publicUrl`, else the web UI's route host (always HTTPS:
the route terminates TLS), else the Ingress host; empty when none is known, and the backend then
takes each request's own address.
*/}}
{{- define "pcp.publicUrl" -}}
{{- if .Values.publicUrl -}}
{{- trimSuffix "/" .Values.publicUrl -}}
{{- else if and .Values.frontend.route.enabled .Values.frontend.route.host -}}
https://{{ .Values.frontend.route.host }}
{{- else if and .Values.ingress.enabled .Values.ingress.host -}}
{{ ternary "https" "http" .Values.ingress.tls.enabled }}://{{ .Values.ingress.host }}
{{- end -}}
{{- end -}}

{{/*
The backend's sign-in settings: PUBLIC_URL, PASSWORD_LOGIN and, with single sign-on, the OIDC_*
variables. The client secret comes from a Secret, never from a value in the Deployment.
*/}}
{{- define "pcp.signInEnv" -}}
{{- $auth := .Values.auth -}}
{{- $oidc := $auth.oidc -}}
{{- if and (not $auth.passwordLogin) (not $oidc.enabled) -}}
{{- fail "auth.passwordLogin=false needs auth.oidc.enabled: nobody could sign in" -}}
{{- end -}}
{{- with include "pcp.publicUrl" . }}
- name: PUBLIC_URL
  value: {{ . | quote }}
{{- end }}
- name: PASSWORD_LOGIN
  value: {{ ternary "on" "off" $auth.passwordLogin | quote }}
{{- if $oidc.enabled }}
{{- if not (and $oidc.issuer $oidc.clientId) }}
{{- fail "auth.oidc.enabled needs auth.oidc.issuer and auth.oidc.clientId" -}}
{{- end }}
- name: OIDC_ISSUER
  value: {{ $oidc.issuer | quote }}
- name: OIDC_CLIENT_ID
  value: {{ $oidc.clientId | quote }}
{{- if $oidc.clientSecretKey }}
# Not optional: a Secret without the key stops the pod instead of failing every sign-in later.
- name: OIDC_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $oidc.existingSecret | default (include "pcp.secretName" .) }}
      key: {{ $oidc.clientSecretKey }}
{{- end }}
{{- with $oidc.scopes }}
- name: OIDC_SCOPES
  value: {{ . | quote }}
{{- end }}
{{- with $oidc.providerName }}
- name: OIDC_PROVIDER_NAME
  value: {{ . | quote }}
{{- end }}
{{- with $oidc.allowedEmailDomains }}
- name: OIDC_ALLOWED_EMAIL_DOMAINS
  value: {{ join "," . | quote }}
{{- end }}
{{- with $oidc.defaultTeam }}
- name: OIDC_DEFAULT_TEAM
  value: {{ . | quote }}
{{- end }}
- name: OIDC_GROUPS_CLAIM
  value: {{ $oidc.groupsClaim | quote }}
{{- with $oidc.groupRules }}
- name: OIDC_GROUP_RULES
  value: {{ toJson . | quote }}
{{- end }}
{{- with $oidc.openshiftApiUrl }}
- name: OIDC_OPENSHIFT_API_URL
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- end -}}
