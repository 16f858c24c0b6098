package org.telprov.provisioning.release;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.ReleasePublished;
import org.telprov.events.Topics;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;
import static org.telprov.provisioning.Provisioning.secret;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ReleaseTest {

    private static final String ADMIN = TestTokens.partnerAdmin("rel-acme");

    @Test
    void publishesInTheSameSecondGetDistinctStrictlyIncreasingUvcs() {
        created(ADMIN, profile("burst", Map.of("A", "1")));
        List<CompletableFuture<String>> publishes = IntStream.range(0, 5)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> published(ADMIN, "burst"))).toList();
        List<String> uvcs = new ArrayList<>(publishes.stream().map(CompletableFuture::join).toList());
        uvcs.add(published(ADMIN, "burst"));

        assertThat(uvcs).doesNotHaveDuplicates().allMatch(u -> u.matches("\\d{4}-\\d\\d-\\d\\d_\\d\\d:\\d\\d:\\d\\d"));
        List<String> listed = as(ADMIN).get("/api/v1/profiles/burst/releases").then().statusCode(200)
                .body("total", equalTo(6)).extract().path("items.uvc");
        assertThat(listed).containsExactlyInAnyOrderElementsOf(uvcs);
        assertThat(listed).isSortedAccordingTo((a, b) -> b.compareTo(a));
        as(ADMIN).get("/api/v1/profiles/burst").then().body("latestRelease", equalTo(listed.get(0)));
    }

    @Test
    void aRollbackIsANewReleaseWithTheOldContent() {
        created(ADMIN, profile("rollback", Map.of("SIP.Account.0.AuthName", "1012")));
        String first = published(ADMIN, "rollback");
        as(ADMIN).body(profile("rollback", Map.of("SIP.Account.0.AuthName", "2024"))).put("/api/v1/profiles/rollback")
                .then().statusCode(200);
        String second = published(ADMIN, "rollback");

        String third = as(ADMIN).queryParam("from", first).post("/api/v1/profiles/rollback/releases")
                .then().statusCode(201)
                .body("rolledBackFrom", equalTo(first))
                .body("parameters[0].value", equalTo("1012"))
                .extract().path("uvc");
        assertThat(third).isGreaterThan(second);
        as(ADMIN).get("/api/v1/profiles/rollback/releases/" + second).then().statusCode(200)
                .body("parameters[0].value", equalTo("2024")).body("rolledBackFrom", nullValue());
        as(ADMIN).get("/api/v1/profiles/rollback/releases/" + first + "/diff/" + third).then().statusCode(200)
                .body("added", empty()).body("removed", empty()).body("changed", empty());
        as(ADMIN).queryParam("from", "2001-01-01_00:00:00").post("/api/v1/profiles/rollback/releases")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aDiffNamesAddedRemovedAndChangedParametersWithoutSecretValues() {
        Map<String, Object> before = profile("diff", Map.of());
        before.put("parameters", List.of(Map.of("name", "A", "value", "1"), Map.of("name", "B", "value", "2"),
                secret("P", "old-secret"), secret("Q", "same-secret")));
        created(ADMIN, before);
        String from = published(ADMIN, "diff");
        Map<String, Object> after = new LinkedHashMap<>(before);
        after.put("parameters", List.of(Map.of("name", "A", "value", "10"), Map.of("name", "C", "value", "3"),
                secret("P", "new-secret"), secret("Q", "same-secret")));
        after.put("overrides", Map.of("901b0e560001", List.of(Map.of("name", "A", "value", "99"))));
        as(ADMIN).body(after).put("/api/v1/profiles/diff").then().statusCode(200);
        String to = published(ADMIN, "diff");

        String diff = as(ADMIN).get("/api/v1/profiles/diff/releases/" + from + "/diff/" + to).then().statusCode(200)
                .body("from", equalTo(from)).body("to", equalTo(to))
                .body("added.name", contains("C"))
                .body("removed.name", contains("B"))
                .body("changed.name", contains("A", "P"))
                .body("changed[0].from", equalTo("1")).body("changed[0].to", equalTo("10"))
                .body("changed[1].secret", equalTo(true)).body("changed[1].from", nullValue())
                .body("overrides.'901b0e560001'.added.name", contains("A"))
                .body("certificatesChanged", equalTo(false)).body("firmwareChanged", equalTo(false))
                .extract().asString();
        assertThat(diff).doesNotContain("new-secret").doesNotContain("old-secret");
        assertThat(as(ADMIN).get("/api/v1/profiles/diff/releases/" + to).then().statusCode(200).extract().asString())
                .contains("\"secret\":true").doesNotContain("new-secret").doesNotContain("same-secret");
    }

    @Test
    void aReleaseFreezesTheDialectAndReferencesAndTheDiffShowsTheirChange() {
        Map<String, Object> before = profile("dialects", Map.of("sip.account.user", "1012"));
        before.put("dialect", "maxwell-1.1");
        created(ADMIN, before);
        String from = published(ADMIN, "dialects");
        Map<String, Object> after = profile("dialects", Map.of("sip.account.user", "1012"));
        after.put("dialect", "auerswald");
        after.put("references", List.of("extra.xml", "prov.py?mac=<MACADR>"));
        as(ADMIN).body(after).put("/api/v1/profiles/dialects").then().statusCode(200);
        String to = published(ADMIN, "dialects");

        as(ADMIN).get("/api/v1/profiles/dialects/releases/" + from).then().statusCode(200)
                .body("dialect", equalTo("maxwell-1.1")).body("references", empty());
        as(ADMIN).get("/api/v1/profiles/dialects/releases/" + to).then().statusCode(200)
                .body("dialect", equalTo("auerswald")).body("references", contains("extra.xml", "prov.py?mac=<MACADR>"));
        as(ADMIN).get("/api/v1/profiles/dialects/releases/" + from + "/diff/" + to).then().statusCode(200)
                .body("dialect.from", equalTo("maxwell-1.1")).body("dialect.to", equalTo("auerswald"))
                .body("referencesChanged", equalTo(true)).body("changed", empty());
        as(ADMIN).get("/api/v1/profiles/dialects/releases/" + to + "/diff/" + to).then().statusCode(200)
                .body("$", not(hasKey("dialect"))).body("referencesChanged", equalTo(false));
    }

    @Test
    void publishingEmitsReleasePublishedKeyedByTenantAndProfile() {
        created(ADMIN, profile("evented", Map.of("A", "1", "B", "2")));
        String uvc = published(ADMIN, "evented");
        EventEnvelope event = EventCodec.fromJson(TopicProbe.await(KafkaResource.bootstrapServers(),
                Topics.PROVISIONING_RELEASES, r -> "rel-acme/evented".equals(r.key()), Duration.ofSeconds(30)).value());
        assertThat(event.type()).isEqualTo(ReleasePublished.PUBLISHED.type());
        assertThat(event.aggregateType()).isEqualTo(ReleasePublished.AGGREGATE);
        assertThat(event.tenantId()).isEqualTo("rel-acme");
        ReleasePublished payload = EventCodec.payload(event, ReleasePublished.class);
        assertThat(payload.uvc()).isEqualTo(uvc);
        assertThat(payload.profile()).isEqualTo("evented");
        assertThat(payload.parameters()).isEqualTo(2);
    }
}
