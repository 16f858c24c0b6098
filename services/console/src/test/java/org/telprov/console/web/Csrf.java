package org.telprov.console.web;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * A request that posts as the console's own forms do: the csrf-token cookie and the same token in the form field (or
 * header). The
 * token is random bytes with no server state (no signature key), so any token of the right size passes if both agree.
 */
final class Csrf {

    /** 16 bytes, base64url: the size quarkus-rest-csrf creates and checks. */
    static final String TOKEN = "dGVzdC10b2tlbi0xMjM0NQ";

    private Csrf() {
    }

    static RequestSpecification given() {
        return RestAssured.given().cookie("csrf-token", TOKEN).formParam("csrf-token", TOKEN);
    }

    /** As the firmware upload's script posts an image (the body is the image): the token in the header. */
    static RequestSpecification header() {
        return RestAssured.given().cookie("csrf-token", TOKEN).header("X-CSRF-TOKEN", TOKEN);
    }
}
