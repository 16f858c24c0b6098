{{/* The four services, in a fixed order. */}}
{{- define "telprov.services" -}}
inventory redirect provisioning firmware
{{- end -}}

{{/* Services that check partner/operator access tokens. */}}
{{- define "telprov.oidcServices" -}}
inventory provisioning firmware
{{- end -}}

{{/* Services that share the signed-link secret: firmware verifies device download links, provisioning signs them. */}}
{{- define "telprov.linkServices" -}}
provisioning firmware
{{- end -}}

{{- define "telprov.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "telprov.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<suffix>; fullname is cut to 50 characters so that the longest suffix still fits 63. */}}
{{- define "telprov.componentName" -}}
{{- printf "%s-%s" (include "telprov.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "telprov.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "telprov.labels" -}}
helm.sh/chart: {{ include "telprov.chart" . }}
app.kubernetes.io/name: {{ include "telprov.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: telprov
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one service; call with (dict "root" $ "service" "redirect"). */}}
{{- define "telprov.selectorLabels" -}}
app.kubernetes.io/name: {{ include "telprov.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{- define "telprov.serviceLabels" -}}
{{ include "telprov.labels" .root }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{- define "telprov.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "telprov.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "telprov.image" -}}
{{- $svc := index .root.Values .service -}}
{{- $repository := default (printf "%s/telprov-%s" (trimSuffix "/" .root.Values.image.registry) .service) $svc.image.repository -}}
{{- $tag := default (default .root.Chart.AppVersion .root.Values.image.tag) $svc.image.tag -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}

{{- define "telprov.jdbcUrl" -}}
{{- $pg := .Values.postgresql -}}
{{- if $pg.jdbcUrl -}}
{{- $pg.jdbcUrl -}}
{{- else -}}
{{- $params := list -}}
{{- range $key, $value := $pg.parameters -}}
{{- $params = append $params (printf "%s=%v" $key $value) -}}
{{- end -}}
{{- printf "jdbc:postgresql://%s:%v/%s" $pg.host $pg.port $pg.database -}}
{{- if $params }}?{{ join "&" $params }}{{ end -}}
{{- end -}}
{{- end -}}

{{/*
The Secret (name and keys) holding a service's database credentials: the service's existing Secret, else the
per-service Secret the chart writes when the service has its own username, else the shared one.
*/}}
{{- define "telprov.databaseSecret" -}}
{{- $svc := index .root.Values .service -}}
{{- $auth := .root.Values.postgresql.auth -}}
{{- if $svc.database.existingSecret -}}
name: {{ $svc.database.existingSecret }}
usernameKey: {{ $auth.usernameKey }}
passwordKey: {{ $auth.passwordKey }}
{{- else if $svc.database.username -}}
name: {{ include "telprov.componentName" (dict "root" .root "name" (printf "%s-database" .service)) }}
usernameKey: username
passwordKey: password
{{- else if $auth.existingSecret -}}
name: {{ $auth.existingSecret }}
usernameKey: {{ $auth.usernameKey }}
passwordKey: {{ $auth.passwordKey }}
{{- else -}}
name: {{ include "telprov.componentName" (dict "root" .root "name" "database") }}
usernameKey: username
passwordKey: password
{{- end -}}
{{- end -}}

{{/* Whether any enabled service uses the shared database Secret the chart writes. */}}
{{- define "telprov.needsSharedDatabaseSecret" -}}
{{- $root := . -}}
{{- range $service := splitList " " (include "telprov.services" .) -}}
{{- $svc := index $root.Values $service -}}
{{- if and $svc.enabled (not $svc.database.existingSecret) (not $svc.database.username) (not $root.Values.postgresql.auth.existingSecret) -}}
true
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "telprov.kafkaUsesSasl" -}}
{{- if hasPrefix "SASL_" .Values.kafka.securityProtocol -}}true{{- end -}}
{{- end -}}

{{/* The Secret holding a service's JAAS line, or nothing when SASL is off. */}}
{{- define "telprov.kafkaSecret" -}}
{{- $svc := index .root.Values .service -}}
{{- $sasl := .root.Values.kafka.sasl -}}
{{- if include "telprov.kafkaUsesSasl" .root -}}
{{- if $svc.kafka.existingSecret -}}
name: {{ $svc.kafka.existingSecret }}
key: {{ $sasl.jaasConfigKey }}
{{- else if $sasl.existingSecret -}}
name: {{ $sasl.existingSecret }}
key: {{ $sasl.jaasConfigKey }}
{{- else -}}
name: {{ include "telprov.componentName" (dict "root" .root "name" "kafka") }}
key: sasl.jaas.config
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "telprov.oidcSecret" -}}
{{- if .Values.oidc.existingSecret -}}
name: {{ .Values.oidc.existingSecret }}
key: {{ .Values.oidc.clientSecretKey }}
{{- else if .Values.oidc.clientSecret -}}
name: {{ include "telprov.componentName" (dict "root" . "name" "oidc") }}
key: client-secret
{{- end -}}
{{- end -}}

{{/*
The Secret (name and key) holding the signed-link secret (telprov.links.secret): an existing Secret, else the one the
chart writes (from links.secret, or generated once and kept across upgrades).
*/}}
{{- define "telprov.linksSecret" -}}
{{- if .Values.links.existingSecret -}}
name: {{ .Values.links.existingSecret }}
key: {{ .Values.links.secretKey }}
{{- else -}}
name: {{ include "telprov.componentName" (dict "root" . "name" "links") }}
key: secret
{{- end -}}
{{- end -}}

{{/* The Secret (name and key) holding provisioning's secrets key: an existing Secret, else the one the chart writes. */}}
{{- define "telprov.secretsKeySecret" -}}
{{- if .Values.secretsKey.existingSecret -}}
name: {{ .Values.secretsKey.existingSecret }}
key: {{ .Values.secretsKey.secretKey }}
{{- else -}}
name: {{ include "telprov.componentName" (dict "root" . "name" "secrets-key") }}
key: key
{{- end -}}
{{- end -}}

{{/* Whether any enabled service needs the signed-link secret. */}}
{{- define "telprov.needsLinksSecret" -}}
{{- $root := . -}}
{{- range $service := splitList " " (include "telprov.linkServices" .) -}}
{{- if (index $root.Values $service).enabled -}}
true
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Non-secret settings of one service: the data of its ConfigMap, hashed into the pod template. */}}
{{- define "telprov.configData" -}}
{{- $root := .root -}}
{{- $service := .service -}}
{{- $svc := index $root.Values $service -}}
{{- $kafka := $root.Values.kafka -}}
QUARKUS_HTTP_PORT: {{ $svc.port | quote }}
QUARKUS_DATASOURCE_JDBC_URL: {{ include "telprov.jdbcUrl" $root | quote }}
KAFKA_BOOTSTRAP_SERVERS: {{ $kafka.bootstrapServers | quote }}
TELPROV_KAFKA_CREATE_TOPICS: {{ and $kafka.createTopics (not $root.Values.strimzi.enabled) | quote }}
TELPROV_KAFKA_PARTITIONS: {{ $kafka.partitions | quote }}
TELPROV_KAFKA_REPLICATION_FACTOR: {{ $kafka.replicationFactor | quote }}
{{- if ne $kafka.securityProtocol "PLAINTEXT" }}
KAFKA_SECURITY_PROTOCOL: {{ $kafka.securityProtocol | quote }}
{{- end }}
{{- if include "telprov.kafkaUsesSasl" $root }}
KAFKA_SASL_MECHANISM: {{ $kafka.sasl.mechanism | quote }}
{{- end }}
{{- if $kafka.tls.caSecret }}
KAFKA_SSL_TRUSTSTORE_TYPE: "PEM"
KAFKA_SSL_TRUSTSTORE_LOCATION: {{ printf "/etc/telprov/kafka-ca/%s" $kafka.tls.caKey | quote }}
{{- end }}
{{- if has $service (splitList " " (include "telprov.oidcServices" $root)) }}
QUARKUS_OIDC_AUTH_SERVER_URL: {{ $root.Values.oidc.authServerUrl | quote }}
QUARKUS_OIDC_TOKEN_AUDIENCE: {{ $root.Values.oidc.audience | quote }}
TELPROV_TENANCY_TENANT_CLAIM: {{ $root.Values.oidc.tenantClaim | quote }}
{{- with $root.Values.oidc.clientId }}
QUARKUS_OIDC_CLIENT_ID: {{ . | quote }}
{{- end }}
{{- end }}
{{- if and (has $service (list "redirect" "provisioning" "firmware")) $root.Values.deviceProxy.forwardedFor }}
# The phone's address, not the ingress controller's: the probing budgets are per source address.
QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING: "true"
QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED: "true"
{{- with $root.Values.deviceProxy.trustedProxies }}
QUARKUS_HTTP_PROXY_TRUSTED_PROXIES: {{ join "," . | quote }}
{{- end }}
{{- end }}
{{- if eq $service "inventory" }}
TELPROV_INVENTORY_CHECKIN_HISTORY: {{ $svc.checkinHistory | quote }}
{{- if and $root.Values.tftp.enabled $root.Values.tftp.serverName }}
TELPROV_INVENTORY_DHCP_TFTP_SERVER: {{ $root.Values.tftp.serverName | quote }}
{{- end }}
{{- end }}
{{- if eq $service "provisioning" }}
TELPROV_PROVISIONING_PUBLIC_BASE_URL: {{ $root.Values.publicUrls.provisioning | quote }}
TELPROV_PROVISIONING_FIRMWARE_BASE_URL: {{ $root.Values.publicUrls.firmware | quote }}
{{- end }}
{{- if and (eq $service "redirect") $root.Values.clientCertificates.forwardedHeader }}
TELPROV_REDIRECT_CLIENT_CERTIFICATE_FORWARDED_HEADER: {{ $root.Values.clientCertificates.forwardedHeader | quote }}
QUARKUS_TLS_TRUST_STORE_PEM_CERTS: {{ printf "/etc/telprov/client-ca/%s" $root.Values.clientCertificates.caKey | quote }}
{{- end }}
{{- if eq $service "firmware" }}
TELPROV_FIRMWARE_STORE_DIRECTORY: {{ $svc.storage.mountPath | quote }}
TELPROV_FIRMWARE_MAX_ARTIFACT_SIZE: {{ $svc.maxArtifactSize | quote }}
TELPROV_FIRMWARE_QUOTA_TENANT: {{ $svc.quota.tenant | quote }}
TELPROV_FIRMWARE_QUOTA_PLATFORM: {{ $svc.quota.platform | quote }}
TELPROV_FIRMWARE_STORE_RESERVE: {{ $svc.storage.reserve | quote }}
{{- end }}
{{- with $root.Values.traces }}
{{- if .endpoint }}
# Traces are off unless an endpoint is set (the services' default is quarkus.otel.sdk.disabled=true).
QUARKUS_OTEL_SDK_DISABLED: "false"
QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: {{ .endpoint | quote }}
QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: {{ .protocol | quote }}
TELPROV_TRACES_RATIO: {{ .ratio | quote }}
TELPROV_TRACES_DEVICE_RATIO: {{ .deviceRatio | quote }}
{{- end }}
{{- end }}
# Heap size for any entrypoint: the JVM reads JAVA_TOOL_OPTIONS, the UBI images' run-java.sh JAVA_MAX_RAM_RATIO.
JAVA_MAX_RAM_RATIO: {{ $svc.jvm.maxRamPercentage | quote }}
JAVA_TOOL_OPTIONS: {{ trim (printf "-XX:MaxRAMPercentage=%v -Djava.io.tmpdir=/tmp %s" $svc.jvm.maxRamPercentage $svc.jvm.options) | quote }}
{{- range $name, $value := $svc.env }}
{{ $name }}: {{ if kindIs "string" $value }}{{ $value | quote }}{{ else }}{{ $value | toJson | quote }}{{ end }}
{{- end }}
{{- end -}}

{{/*
Whether the redirect service is told to believe a forwarded client-certificate header: by clientCertificates or
directly through redirect.env.
*/}}
{{- define "telprov.forwardsClientCertificates" -}}
{{- if and .Values.redirect.enabled (or .Values.clientCertificates.forwardedHeader (hasKey .Values.redirect.env "TELPROV_REDIRECT_CLIENT_CERTIFICATE_FORWARDED_HEADER")) -}}true{{- end -}}
{{- end -}}

{{/* Whether the NetworkPolicy narrows who reaches the services' HTTP port (an empty peer list admits anyone). */}}
{{- define "telprov.ingressRestricted" -}}
{{- $np := .Values.networkPolicy -}}
{{- if and $np.enabled $np.ingressController.from $np.prometheus.from -}}true{{- end -}}
{{- end -}}

{{/* Whether the firmware service may run more than one pod at a time. */}}
{{- define "telprov.firmwareScalesOut" -}}
{{- $fw := .Values.firmware -}}
{{- if or (gt (int $fw.replicas) 1) $fw.autoscaling.enabled -}}true{{- end -}}
{{- end -}}
