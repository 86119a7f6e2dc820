{{/*
An image reference: [registry/]repository(:tag|@digest). The digest wins over the tag; the tag defaults to the
chart's appVersion; global.imageRegistry overrides the image's own registry. (dict "root" $ "image" .Values.edge.image)
*/}}
{{- define "chat-common.image" -}}
{{- $registry := default .image.registry .root.Values.global.imageRegistry -}}
{{- $repository := required "image.repository is required" .image.repository -}}
{{- $ref := ternary (printf "%s/%s" $registry $repository) $repository (ne $registry "") -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $ref .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $ref (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}
{{- end -}}
