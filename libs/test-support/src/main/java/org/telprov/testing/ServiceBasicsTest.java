package org.telprov.testing;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * What every service offers operators, checked the same way in each: readiness with its database and Kafka, the
 * Prometheus endpoint with the outbox gauge, the OpenAPI document and Swagger UI. A service's test extends it with its
 * {@code @QuarkusTest} and test resources.
 */
public abstract class ServiceBasicsTest {

    @Test
    void isReadyWithItsDatabaseAndKafka() {
        RestAssured.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Database') }.status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive Messaging') }.status", equalTo("UP"));
        RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetricsIncludingTheOutboxBacklog() {
        RestAssured.given().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("telprov_outbox_pending"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void documentsItsApi() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).body("openapi", containsString("3."));
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
