package org.telprov.platform;

import java.net.URI;
import java.util.List;

/** The text the CLI prints once the platform is up: where everything is, and a first request to try. */
final class PlatformSummary {

    /** Wide enough for the longest process name, provisioning-4, and a space. */
    private static final String LABEL = "  %-15s%s%n";

    private final Platform platform;

    PlatformSummary(Platform platform) {
        this.platform = platform;
    }

    String render() {
        StringBuilder text = new StringBuilder("\ntelprov platform is up; stop it with Ctrl-C or ./platform down\n\n");
        for (String service : platform.services()) {
            String url = platform.serviceUrl(service);
            text.append(String.format(LABEL, service, url));
            // the console has pages for people, not an API of its own to try
            List<String> paths = service.equals("console") ? List.of("/q/health", "/q/metrics")
                    : List.of("/q/swagger-ui", "/q/health", "/q/metrics");
            for (String path : paths) {
                text.append(String.format(LABEL, "", url + path));
            }
            if (service.equals("provisioning")) {
                text.append(String.format(LABEL, "", "tftp://127.0.0.1:" + URI.create(url).getPort()
                        + "  (UDP: the device files over TFTP, for the dialects a tenant allows)"));
            }
            // replicas answer the same paths; the URLs inside device files and the example name the first process
            platform.serviceProcesses(service).forEach((process, replicaUrl) -> {
                if (!process.equals(service)) {
                    text.append(String.format(LABEL, process, replicaUrl));
                }
            });
        }
        text.append(String.format(LABEL, "keycloak", platform.keycloakUrl() + "/admin  (admin / admin)"));
        text.append(String.format(LABEL, "issuer", platform.issuerUrl()));
        text.append(String.format(LABEL, "kafka", platform.kafkaBootstrapServers()));
        text.append(String.format(LABEL, "postgres", platform.jdbcUrl()
                + "  (" + platform.jdbcUsername() + " / " + platform.jdbcPassword() + ")"));
        text.append(String.format(LABEL, "logs", platform.dataDir().resolve("logs")));
        if (platform.services().contains("console")) {
            text.append(consoleUsers());
        }
        if (platform.services().contains("inventory")) {
            text.append(example());
        }
        return text.toString();
    }

    /** The people of the local realm, to log in to the console with; create the tenants first (the example below). */
    private String consoleUsers() {
        StringBuilder users = new StringBuilder("\nLog in to the console at " + platform.serviceUrl("console")
                + " as (local passwords, for this machine only):\n");
        for (ConsoleUser user : CONSOLE_USERS) {
            users.append(String.format("  %-14s%-19s%s%n", user.username(), user.password(), user.what()));
        }
        return users.toString();
    }

    /** A person of the local realm (deploy/local/keycloak/telprov-realm.json). */
    record ConsoleUser(String username, String password, String what) {
    }

    static final List<ConsoleUser> CONSOLE_USERS = List.of(
            new ConsoleUser("operator", "operator-pass", "operator: every tenant"),
            new ConsoleUser("acme-admin", "acme-admin-pass", "partner-admin of acme"),
            new ConsoleUser("acme-viewer", "acme-viewer-pass", "partner of acme, read-only"),
            new ConsoleUser("globex-admin", "globex-admin-pass", "partner-admin of globex"));

    private String example() {
        String inventory = platform.serviceUrl("inventory");
        StringBuilder example = new StringBuilder("""

                Try it (needs jq; without jq use  sed -E 's/.*"access_token":"([^"]*)".*/\\1/'  instead of  jq -r .access_token):

                """);
        example.append(tokenCommand("OPERATOR_TOKEN", "telprov-operator", "operator-secret"));
        example.append(post(inventory + "/api/v1/tenants", "OPERATOR_TOKEN",
                "{\"id\":\"acme\",\"name\":\"Acme Telecom\",\"provisioningUrlTemplate\":\"https://prov.acme.example/{mac}/\"}"));
        example.append(tokenCommand("PARTNER_TOKEN", "partner-acme", "acme-secret"));
        example.append(post(inventory + "/api/v1/devices", "PARTNER_TOKEN",
                "{\"mac\":\"90:1b:0e:56:c7:bc\",\"vendor\":\"gigaset-maxwell\",\"model\":\"mx3b\"}"));
        if (platform.services().contains("redirect")) {
            example.append("  # the redirect service hears of the device through Kafka, a moment later:\n");
            example.append("  curl -i ").append(platform.serviceUrl("redirect")).append("/device/901b0e56c7bc\n");
        }
        return example.toString();
    }

    private String tokenCommand(String variable, String clientId, String secret) {
        return "  " + variable + "=$(curl -s -d grant_type=client_credentials -d client_id=" + clientId
                + " -d client_secret=" + secret + " " + platform.tokenUrl() + " | jq -r .access_token)\n";
    }

    private static String post(String url, String tokenVariable, String json) {
        return "  curl -i -X POST " + url + " -H \"Authorization: Bearer $" + tokenVariable + "\""
                + " -H 'Content-Type: application/json' -d '" + json + "'\n";
    }
}
