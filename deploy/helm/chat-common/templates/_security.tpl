{{/*
Pod Security Standards "restricted": non-root numeric uid (the images run as 65532), no privilege escalation,
every capability dropped, the RuntimeDefault seccomp profile, a read-only root filesystem (/tmp is an emptyDir).
*/}}
{{- define "chat-common.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "chat-common.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}
