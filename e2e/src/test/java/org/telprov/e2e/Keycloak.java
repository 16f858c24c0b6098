package org.telprov.e2e;

import io.restassured.RestAssured;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Access tokens from the platform's real Keycloak, by client credentials, as partners and the operator get them;
 * each client's token is kept and taken again before it expires (tokens live 5 minutes, a test class longer).
 */
final class Keycloak {

    private static final Duration KEPT = Duration.ofMinutes(4);

    private record Kept(String token, long takenAt) {
    }

    private final String tokenUrl;
    private final Map<String, Kept> kept = new HashMap<>();

    Keycloak(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    synchronized String token(String clientId, String secret) {
        Kept token = kept.get(clientId);
        if (token == null || System.nanoTime() - token.takenAt() > KEPT.toNanos()) {
            token = new Kept(RestAssured.given()
                    .formParam("grant_type", "client_credentials")
                    .formParam("client_id", clientId)
                    .formParam("client_secret", secret)
                    .post(tokenUrl)
                    .then().statusCode(200)
                    .extract().path("access_token"), System.nanoTime());
            kept.put(clientId, token);
        }
        return token.token();
    }

    /** Partner acme's administrator. */
    String acme() {
        return token("partner-acme", "acme-secret");
    }
}
