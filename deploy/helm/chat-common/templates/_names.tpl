{{/*
Names. "chat-common.fullname": the release-scoped prefix of every object (truncated to 63 characters);
"chat-common.componentName": <fullname>-<component>, e.g. "prod-chat-edge".
*/}}
{{- define "chat-common.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "chat-common.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* (dict "root" $ "component" "edge") */}}
{{- define "chat-common.componentName" -}}
{{- printf "%s-%s" (include "chat-common.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "chat-common.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "chat-common.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}
