{{/* The topic list, files/topics.yaml (one place for names, compaction and retention). */}}
{{- define "chat.topics" -}}
{{- (.Files.Get "files/topics.yaml" | fromYaml).topics | toJson -}}
{{- end -}}

{{- define "chat.strimziCluster" -}}
{{- printf "%s-kafka" (include "chat-common.fullname" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "chat.cnpgCluster" -}}
{{- printf "%s-postgres" (include "chat-common.fullname" .) | trunc 50 | trimSuffix "-" -}}
{{- end -}}

{{- define "chat.kafkaBootstrap" -}}
{{- if eq .Values.kafka.mode "strimzi" -}}
{{- printf "%s-kafka-bootstrap:9093" (include "chat.strimziCluster" .) -}}
{{- else -}}
{{- required "kafka.external.bootstrapServers is required when kafka.mode is external" .Values.kafka.external.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{/* The CA Secret the Kafka clients trust: Strimzi's cluster CA, or kafka.external.tls.caSecret. */}}
{{- define "chat.kafkaCaSecret" -}}
{{- if eq .Values.kafka.mode "strimzi" -}}
{{- printf "%s-cluster-ca-cert" (include "chat.strimziCluster" .) -}}
{{- else if has .Values.kafka.external.securityProtocol (list "SSL" "SASL_SSL") -}}
{{- .Values.kafka.external.tls.caSecret -}}
{{- end -}}
{{- end -}}

{{- define "chat.kafkaCaKey" -}}
{{- ternary "ca.crt" .Values.kafka.external.tls.caKey (eq .Values.kafka.mode "strimzi") -}}
{{- end -}}

{{/*
Environment every service shares: the JWT issuer, Kafka (bootstrap, security, topic declaration). Spring's
relaxed binding maps SPRING_KAFKA_PROPERTIES_SASL_MECHANISM to spring.kafka.properties[sasl.mechanism].
*/}}
{{- define "chat.commonEnv" -}}
- name: CHAT_JWT_ISSUER
  value: {{ required "jwt.issuer is required (the expected iss of tokens)" .Values.jwt.issuer | quote }}
- name: CHAT_JWT_JWKS_URI
  value: {{ required "jwt.jwksUri is required (the identity provider's JWKS)" .Values.jwt.jwksUri | quote }}
- name: CHAT_JWT_AUDIENCE
  value: {{ required "jwt.audience is required (the aud tokens must carry)" .Values.jwt.audience | quote }}
- name: KAFKA_BOOTSTRAP
  value: {{ include "chat.kafkaBootstrap" . | quote }}
- name: CHAT_TOPIC_PARTITIONS
  value: {{ .Values.kafka.topics.partitions | quote }}
- name: CHAT_TOPIC_REPLICATION
  value: {{ .Values.kafka.topics.replicationFactor | quote }}
{{- if eq .Values.kafka.mode "strimzi" }}
- name: SPRING_KAFKA_SECURITY_PROTOCOL
  value: SSL
{{- else }}
- name: SPRING_KAFKA_SECURITY_PROTOCOL
  value: {{ .Values.kafka.external.securityProtocol | quote }}
{{- if hasPrefix "SASL_" .Values.kafka.external.securityProtocol }}
- name: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM
  value: {{ .Values.kafka.external.sasl.mechanism | quote }}
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.external.sasl.existingSecret is required with a SASL_* securityProtocol" .Values.kafka.external.sasl.existingSecret }}
      key: {{ .Values.kafka.external.sasl.jaasConfigKey }}
{{- end }}
{{- end }}
{{- if include "chat.kafkaCaSecret" . }}
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION
  value: /etc/chat/kafka-ca/{{ include "chat.kafkaCaKey" . }}
{{- end }}
{{- end -}}

{{- define "chat.kafkaCaVolumeMount" -}}
{{- if include "chat.kafkaCaSecret" . -}}
- name: kafka-ca
  mountPath: /etc/chat/kafka-ca
  readOnly: true
{{- end -}}
{{- end -}}

{{- define "chat.kafkaCaVolume" -}}
{{- if include "chat.kafkaCaSecret" . -}}
- name: kafka-ca
  secret:
    secretName: {{ include "chat.kafkaCaSecret" . }}
    items:
      - key: {{ include "chat.kafkaCaKey" . }}
        path: {{ include "chat.kafkaCaKey" . }}
{{- end -}}
{{- end -}}

{{/* The database of one service: (dict "root" $ "service" "message"). */}}
{{- define "chat.databaseEnv" -}}
{{- $root := .root -}}
{{- if eq $root.Values.postgresql.mode "cnpg" -}}
{{- $secret := default (printf "%s-%s-db" (include "chat-common.fullname" $root) .service) (get $root.Values.postgresql.cnpg.credentialsSecrets .service) -}}
- name: CHAT_DB_URL
  value: {{ printf "jdbc:postgresql://%s-rw:5432/chat_%s?sslmode=require" (include "chat.cnpgCluster" $root) .service | quote }}
- name: CHAT_DB_USER
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: username}
- name: CHAT_DB_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: password}
{{- else -}}
{{- $secret := required (printf "postgresql.external.%s.existingSecret is required when postgresql.mode is external" .service) (get $root.Values.postgresql.external .service).existingSecret -}}
- name: CHAT_DB_URL
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: url}
- name: CHAT_DB_USER
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: username}
- name: CHAT_DB_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ $secret }}, key: password}
{{- end -}}
{{- end -}}

{{/*
Invalid combinations the schema cannot express fail the render with a message.
*/}}
{{- define "chat.validate" -}}
{{- $e := .Values.edge -}}
{{- if lt (int $e.terminationGracePeriodSeconds) (add $e.preStopSeconds $e.drainTimeoutSeconds 10 | int) -}}
{{- fail (printf "edge.terminationGracePeriodSeconds (%v) must be at least preStopSeconds + drainTimeoutSeconds + 10 (%v)" $e.terminationGracePeriodSeconds (add $e.preStopSeconds $e.drainTimeoutSeconds 10)) -}}
{{- end -}}
{{- if and $e.autoscaling.connections.enabled (ge (int $e.autoscaling.connections.averageValue) (int $e.maxSessions)) -}}
{{- fail "edge.autoscaling.connections.averageValue must be below edge.maxSessions, or pods refuse connections before the HPA adds any" -}}
{{- end -}}
{{- range $name := list "message" "receipt" -}}
{{- $a := (get $.Values $name).autoscaling -}}
{{- if and $a.enabled (gt (int $a.maxReplicas) (int $.Values.kafka.topics.partitions)) -}}
{{- fail (printf "%s.autoscaling.maxReplicas (%v) exceeds kafka.topics.partitions (%v): the extra pods would get no partition" $name $a.maxReplicas $.Values.kafka.topics.partitions) -}}
{{- end -}}
{{- end -}}
{{- if and (eq .Values.kafka.mode "strimzi") (lt (int .Values.kafka.strimzi.brokers.replicas) (int .Values.kafka.topics.replicationFactor)) -}}
{{- fail "kafka.strimzi.brokers.replicas must be at least kafka.topics.replicationFactor" -}}
{{- end -}}
{{- if ge (int .Values.kafka.topics.minInsyncReplicas) (int .Values.kafka.topics.replicationFactor) -}}
{{- if gt (int .Values.kafka.topics.replicationFactor) 1 -}}
{{- fail "kafka.topics.minInsyncReplicas must be below replicationFactor, or one broker down stops every write" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
What clients reach on the one host: the WebSocket on the edge, each REST API on its service. The receipts of a
conversation sit under /api/conversations/{id}/receipts but belong to the receipt service: a regular expression.
*/}}
{{- define "chat.routes" -}}
{{- list
    (dict "path" "/ws" "match" "prefix" "service" "edge")
    (dict "path" "/api/conversations/[^/]+/receipts" "match" "regex" "service" "receipt")
    (dict "path" "/api/unread" "match" "prefix" "service" "receipt")
    (dict "path" "/api/presence" "match" "prefix" "service" "presence")
    (dict "path" "/api/conversations" "match" "prefix" "service" "message")
  | toJson -}}
{{- end -}}

{{- define "chat.edgeEnv" -}}
- name: CHAT_ALLOWED_ORIGINS
  value: {{ required "edge.allowedOrigins is required (the browser origins allowed to open the WebSocket)" (join "," .Values.edge.allowedOrigins | default "") | quote }}
- name: CHAT_MESSAGE_SERVICE_URL
  value: {{ printf "http://%s" (include "chat-common.componentName" (dict "root" . "component" "message")) | quote }}
- name: CHAT_EDGE_LIMITS_MAXSESSIONS
  value: {{ .Values.edge.maxSessions | quote }}
- name: SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE
  value: {{ printf "%ds" (int .Values.edge.drainTimeoutSeconds) | quote }}
{{- end -}}
