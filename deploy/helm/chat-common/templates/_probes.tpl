{{/*
Probes on Spring Boot's Actuator health groups, served on the main port (add-additional-paths): /livez is the
liveness group (the process only, never Kafka or the database), /readyz the readiness group (each service adds
its own checks: fan-out partitions, presence warm-up, membership view). The startup probe holds the other two
off until the application has started. (.probes of a component)
*/}}
{{- define "chat-common.probes" -}}
startupProbe:
  httpGet: {path: /livez, port: http}
  periodSeconds: {{ .startup.periodSeconds }}
  timeoutSeconds: {{ .startup.timeoutSeconds }}
  failureThreshold: {{ .startup.failureThreshold }}
livenessProbe:
  httpGet: {path: /livez, port: http}
  periodSeconds: {{ .liveness.periodSeconds }}
  timeoutSeconds: {{ .liveness.timeoutSeconds }}
  failureThreshold: {{ .liveness.failureThreshold }}
readinessProbe:
  httpGet: {path: /readyz, port: http}
  periodSeconds: {{ .readiness.periodSeconds }}
  timeoutSeconds: {{ .readiness.timeoutSeconds }}
  failureThreshold: {{ .readiness.failureThreshold }}
{{- end -}}
