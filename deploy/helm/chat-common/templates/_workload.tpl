{{/*
The workload objects of one component. Arguments (a dict):
  root       the chart's top-level context ($)
  component  "edge" | "message" | "presence" | "receipt"
  values     the component's values (.Values.edge, ...)
  replicas   replicas when no HPA manages them
  strategy   the Deployment strategy (a dict)
  env        the component's environment, a YAML list as a string
  volumes, volumeMounts  extra volumes (YAML lists as strings, may be empty)
  preStopSeconds  a preStop sleep (0: none)
*/}}
{{- define "chat-common.deployment" -}}
{{- $v := .values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "chat-common.componentName" . }}
  labels:
    {{- include "chat-common.labels" . | nindent 4 }}
spec:
  {{- if not (and $v.autoscaling $v.autoscaling.enabled) }}
  replicas: {{ .replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    {{- toYaml .strategy | nindent 4 }}
  selector:
    matchLabels:
      {{- include "chat-common.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "chat-common.labels" . | nindent 8 }}
      {{- with $v.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "chat-common.serviceAccountName" .root }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
      securityContext:
        {{- include "chat-common.podSecurityContext" . | nindent 8 }}
      {{- with .root.Values.global.imagePullSecrets }}
      imagePullSecrets:
        {{- range . }}
        - name: {{ . }}
        {{- end }}
      {{- end }}
      {{- with $v.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- if $v.spreadAcrossNodes }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "chat-common.selectorLabels" . | nindent 14 }}
      {{- end }}
      containers:
        - name: {{ .component }}
          image: {{ include "chat-common.image" (dict "root" .root "image" $v.image) | quote }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: PORT
              value: "8080"
            {{- .env | nindent 12 }}
            {{- with $v.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- include "chat-common.containerSecurityContext" . | nindent 12 }}
          {{- include "chat-common.probes" $v.probes | nindent 10 }}
          {{- if gt (int .preStopSeconds) 0 }}
          lifecycle:
            preStop:
              sleep:
                seconds: {{ .preStopSeconds }}
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $v.tmpSizeLimit }}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
{{- end -}}

{{/* A ClusterIP Service on port 80 → the container's http port. */}}
{{- define "chat-common.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "chat-common.componentName" . }}
  labels:
    {{- include "chat-common.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "chat-common.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
{{- end -}}

{{/* A PodDisruptionBudget: voluntary evictions (node drains) take at most maxUnavailable pods at a time. */}}
{{- define "chat-common.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "chat-common.componentName" . }}
  labels:
    {{- include "chat-common.labels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "chat-common.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/*
A HorizontalPodAutoscaler on CPU, plus (edge) an optional per-pod metric served by an adapter
(prometheus-adapter, KEDA). Scale-down waits .values.autoscaling.scaleDownStabilizationSeconds.
*/}}
{{- define "chat-common.hpa" -}}
{{- $a := .values.autoscaling -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "chat-common.componentName" . }}
  labels:
    {{- include "chat-common.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "chat-common.componentName" . }}
  minReplicas: {{ $a.minReplicas }}
  maxReplicas: {{ $a.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ $a.targetCPUUtilizationPercentage }}
    {{- if and $a.connections $a.connections.enabled }}
    - type: Pods
      pods:
        metric:
          name: {{ $a.connections.metricName }}
        target:
          type: AverageValue
          averageValue: {{ $a.connections.averageValue | quote }}
    {{- end }}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: {{ $a.scaleDownStabilizationSeconds }}
      policies:
        - type: Pods
          value: 1
          periodSeconds: 60
    scaleUp:
      stabilizationWindowSeconds: 0
      policies:
        - type: Percent
          value: 100
          periodSeconds: 60
{{- end -}}
