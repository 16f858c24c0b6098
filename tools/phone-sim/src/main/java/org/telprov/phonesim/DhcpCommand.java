package org.telprov.phonesim;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code phone-sim dhcp}: prints what inventory's DHCP options endpoint answers for a tenant and family (as text, or
 * its JSON with {@code --json}). The simulator asks the service rather than encoding anything itself, so operators and
 * the simulator read the same values.
 */
final class DhcpCommand {

    static final String TOKEN_VARIABLE = "TELPROV_TOKEN";

    private static final Set<String> VALUED = Set.of("--inventory", "--tenant", "--family", "--transport", "--token");
    private static final Set<String> FLAGS = Set.of("--json", "--help");

    private DhcpCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Map<String, String> options;
        URI uri;
        String token;
        try {
            options = PhoneSimMain.parse(args, VALUED, FLAGS);
            if (options.containsKey("--help")) {
                out.print(PhoneSimMain.USAGE);
                return 0;
            }
            uri = uri(options);
            token = options.containsKey("--token") ? options.get("--token") : env.get(TOKEN_VARIABLE);
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("a token is required: --token or $" + TOKEN_VARIABLE);
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(PhoneSimMain.USAGE);
            return 2;
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token.trim())
                .header("Accept", options.containsKey("--json") ? "application/json" : "text/plain")
                .GET().build();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> response = client.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                err.println("GET " + uri + ": HTTP " + response.statusCode());
                err.println(response.body());
                return 1;
            }
            out.print(response.body());
            if (!response.body().endsWith("\n")) {
                out.println();
            }
            return 0;
        } catch (IOException e) {
            err.println("GET " + uri + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        }
    }

    private static URI uri(Map<String, String> options) {
        String inventory = PhoneSimMain.required(options, "--inventory");
        if (inventory.endsWith("/")) {
            inventory = inventory.substring(0, inventory.length() - 1);
        }
        String query = options.containsKey("--transport") ? "?transport=" + segment(options.get("--transport")) : "";
        return URI.create(inventory + "/api/v1/tenants/" + segment(PhoneSimMain.required(options, "--tenant"))
                + "/dhcp-options/" + segment(PhoneSimMain.required(options, "--family")) + query);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
