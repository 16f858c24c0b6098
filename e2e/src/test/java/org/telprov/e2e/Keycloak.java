package org.telprov.e2e;

import io.restassured.RestAssured;

/** Access tokens from the platform's real Keycloak, by client credentials, as partners and the operator get them. */
final class Keycloak {

    private final String tokenUrl;

    Keycloak(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    String token(String clientId, String secret) {
        return RestAssured.given()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post(tokenUrl)
                .then().statusCode(200)
                .extract().path("access_token");
    }
}
