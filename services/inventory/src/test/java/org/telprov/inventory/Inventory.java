package org.telprov.inventory;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.telprov.testing.TestTokens;

import java.util.Map;

/** Requests as the operator or a partner would send them, for the inventory tests. */
public final class Inventory {

    private Inventory() {
    }

    public static RequestSpecification as(String token) {
        return RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** Creates the tenant unless an earlier test did. */
    public static void ensureTenant(String id) {
        int status = as(TestTokens.operator())
                .body(Map.of("id", id, "name", id + " Telecom",
                        "provisioningUrlTemplate", "https://prov." + id + ".example/{mac}/"))
                .post("/api/v1/tenants")
                .statusCode();
        if (status != 201 && status != 409) {
            throw new AssertionError("could not create tenant " + id + ": HTTP " + status);
        }
    }
}
