package org.telprov.provisioning.rollout;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.RolloutSnapshot;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.support.tenant.TenantStatusTable;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;
import org.telprov.testing.TopicProbe;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.telprov.provisioning.Provisioning.as;
import static org.telprov.provisioning.Provisioning.created;
import static org.telprov.provisioning.Provisioning.device;
import static org.telprov.provisioning.Provisioning.profile;
import static org.telprov.provisioning.Provisioning.published;

/** The partner API of rollouts: the commands and their refusals, progress, tenant scoping, bad input, events. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class RolloutResourceTest {

    private static final String TENANT = "ro-acme";
    private static final String ALICE = TestTokens.partnerAdmin(TENANT);
    private static final String BOB = TestTokens.partnerAdmin(TENANT, "bob-" + TENANT);

    @Inject
    TenantStatusTable tenants;
    @Inject
    RolloutService service;
    @Inject
    RolloutEngine engine;

    @Inject
    EntityManager entityManager;

    @Test
    void aRolloutNeedingApprovalGoesThroughEveryCommandAndRefusesWhatItsStatusDoesNotAllow() {
        fleet("ro-flow", "7c2f90", 6);
        Map<String, Object> body = request("ro-flow", 2);
        body.put("approvalRequired", true);
        String id = create(ALICE, body).statusCode(201)
                .body("status", equalTo("awaiting_approval")).body("createdBy", equalTo("partner-" + TENANT))
                .body("groups.name", contains("1", "2", "dynamic"))
                .body("total.scheduled", equalTo(6)).extract().path("id");

        refused(command(ALICE, id, "start"), "approval_required");
        refused(command(ALICE, id, "stop"), "not_started");
        refused(command(ALICE, id, "approve"), "approver_is_creator");
        command(BOB, id, "approve").statusCode(200).body("status", equalTo("ready"))
                .body("approvedBy", equalTo("bob-" + TENANT));
        refused(command(TestTokens.operator(), id, "approve"), "not_awaiting_approval");
        refused(command(ALICE, id, "pause"), "not_running");

        command(ALICE, id, "start").statusCode(200).body("status", equalTo("running"))
                .body("currentGroup", equalTo(0)).body("groups[0].status", equalTo("running"))
                .body("groups[0].devices.offered", equalTo(3)).body("groups[1].devices.scheduled", equalTo(3))
                .body("total.offered", equalTo(3)).body("startedAt", notNullValue());
        refused(command(ALICE, id, "start"), "not_ready");
        refused(command(ALICE, id, "resume"), "not_paused");
        command(ALICE, id, "pause").statusCode(200).body("status", equalTo("paused"))
                .body("pauseReasons[0].kind", equalTo("by_hand"));
        refused(command(ALICE, id, "pause"), "not_running");
        refused(command(ALICE, id, "next-group"), "not_running");
        command(ALICE, id, "resume").statusCode(200).body("status", equalTo("running"))
                .body("pauseReasons", hasSize(0));
        command(ALICE, id, "next-group").statusCode(200).body("currentGroup", equalTo(1))
                .body("groups[0].status", equalTo("passed")).body("total.offered", equalTo(6));
        command(ALICE, id, "next-group").statusCode(200).body("currentGroup", equalTo(2));
        refused(command(ALICE, id, "next-group"), "no_next_group");

        command(ALICE, id, "stop").statusCode(200).body("status", equalTo("stopped"))
                .body("endedAt", notNullValue());
        as(ALICE).queryParam("state", "offered").get("/api/v1/rollouts/" + id + "/devices").then().statusCode(200)
                .body("total", equalTo(6)).body("items.rolledBackAt", everyItem(notNullValue()))
                .body("items.previousVersion", everyItem(notNullValue()));
        refused(command(ALICE, id, "cancel"), "ended");
        refused(command(ALICE, id, "stop"), "ended");
        refused(command(ALICE, id, "start"), "not_ready");
    }

    @Test
    void aTenantsPolicyMakesEveryRolloutWaitForApproval() {
        String tenant = "ro-policy";
        String admin = TestTokens.partnerAdmin(tenant);
        created(admin, profile("ro-policy", Map.of("A", "1")));
        forRollouts(admin, "ro-policy");
        as(TestTokens.partner(tenant, "partner")).get("/api/v1/rollout-policy").then().statusCode(200)
                .body("approvalRequired", equalTo(false));
        as(admin).body(Map.of()).put("/api/v1/rollout-policy").then().statusCode(400)
                .contentType("application/problem+json");
        as(admin).body(Map.of("approvalRequired", true)).put("/api/v1/rollout-policy").then().statusCode(200);

        as(admin).body(request("ro-policy", 1)).post("/api/v1/rollouts").then().statusCode(201)
                .body("approvalRequired", equalTo(true)).body("status", equalTo("awaiting_approval"));
        // another tenant's policy is its own
        as(ALICE).get("/api/v1/rollout-policy").then().body("approvalRequired", equalTo(false));
    }

    @Test
    void cancellingEndsARolloutWithoutRollingBack() {
        fleet("ro-cancel", "7c2f91", 2);
        String id = create(ALICE, request("ro-cancel", 1)).statusCode(201).extract().path("id");
        command(ALICE, id, "start").statusCode(200);
        command(ALICE, id, "cancel").statusCode(200).body("status", equalTo("cancelled"));
        as(ALICE).get("/api/v1/rollouts/" + id + "/devices").then().statusCode(200)
                .body("items.rolledBackAt", everyItem(nullValue()));
    }

    @Test
    void twoRolloutsOnOneProfileCannotRunAtOnce() {
        fleet("ro-busy", "7c2f92", 2);
        String first = create(ALICE, request("ro-busy", 1)).statusCode(201).extract().path("id");
        String second = create(ALICE, request("ro-busy", 1)).statusCode(201).extract().path("id");
        command(ALICE, first, "start").statusCode(200);
        refused(command(ALICE, second, "start"), "target_busy");
        command(ALICE, first, "pause").statusCode(200);
        refused(command(ALICE, second, "start"), "target_busy");
        command(ALICE, first, "cancel").statusCode(200);
        command(ALICE, second, "start").statusCode(200).body("status", equalTo("running"));
    }

    @Test
    void progressAndTheDevicesOfOneStatePaginateByMac() {
        String uvc = fleet("ro-pages", "7c2f93", 12);
        as(ALICE).body(Map.of("uvc", uvc)).put("/api/v1/profiles/ro-pages/pins/7c2f93000000").then().statusCode(201);
        String id = create(ALICE, request("ro-pages", 2)).statusCode(201)
                .body("total.scheduled", equalTo(11)).body("total.excluded", equalTo(1)).extract().path("id");
        command(ALICE, id, "start").statusCode(200);

        List<String> first = as(ALICE).queryParam("state", "offered").queryParam("size", 4)
                .get("/api/v1/rollouts/" + id + "/devices").then().statusCode(200)
                .body("total", equalTo(5)).body("page", equalTo(0)).body("size", equalTo(4))
                .body("items", hasSize(4)).body("items.state", everyItem(equalTo("offered")))
                .body("items.group", everyItem(equalTo(0))).extract().path("items.mac");
        List<String> second = as(ALICE).queryParam("state", "offered").queryParam("size", 4).queryParam("page", 1)
                .get("/api/v1/rollouts/" + id + "/devices").then().statusCode(200)
                .body("items", hasSize(1)).extract().path("items.mac");
        assertThat(first).isSorted();
        assertThat(second.get(0)).isGreaterThan(first.get(3));
        as(ALICE).queryParam("state", "scheduled").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("total", equalTo(6)).body("items.group", everyItem(equalTo(1)));
        as(ALICE).queryParam("state", "excluded").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.mac", contains("7c2f93000000")).body("items.reason", contains("pinned"))
                .body("items.group", contains(-1));
        as(ALICE).queryParam("state", "bogus").get("/api/v1/rollouts/" + id + "/devices").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("invalid_parameter"));
        as(TestTokens.partner(TENANT, "partner")).get("/api/v1/rollouts/" + id).then().statusCode(200)
                .body("groups[0].devices.offered", equalTo(5)).body("groups[1].devices.scheduled", equalTo(6))
                .body("total.offered", equalTo(5));
        as(ALICE).get("/api/v1/rollouts").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void anotherTenantCannotSeeOrActOnARollout() {
        fleet("ro-iso", "7c2f94", 2);
        String id = create(ALICE, request("ro-iso", 1)).statusCode(201).extract().path("id");
        String globex = TestTokens.partnerAdmin("ro-globex");
        String unknown = UUID.randomUUID().toString();

        String foreign = as(globex).get("/api/v1/rollouts/" + id).then().statusCode(404)
                .contentType("application/problem+json").extract().asString();
        String missing = as(globex).get("/api/v1/rollouts/" + unknown).then().statusCode(404).extract().asString();
        assertThat(foreign.replace(id, "X")).isEqualTo(missing.replace(unknown, "X"));
        as(globex).get("/api/v1/rollouts").then().statusCode(200).body("items.id", not(hasItem(id)));
        as(globex).get("/api/v1/rollouts/" + id + "/devices").then().statusCode(404);
        for (String command : List.of("approve", "start", "pause", "resume", "next-group", "cancel", "stop",
                "retry-failed")) {
            as(globex).post("/api/v1/rollouts/" + id + "/" + command).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        // its own profile of the same name is another one
        create(globex, request("ro-iso", 1)).statusCode(400).body("code", equalTo("unknown_profile"));
        as(ALICE).get("/api/v1/rollouts/" + id).then().statusCode(200).body("status", equalTo("ready"));
        as(TestTokens.operator()).get("/api/v1/rollouts/" + id).then().statusCode(200)
                .body("tenant", equalTo(TENANT));
        // the operator narrows the list to one tenant; a partner's own stays its own whatever it asks for
        as(TestTokens.operator()).queryParam("tenant", TENANT).queryParam("size", 100).get("/api/v1/rollouts").then()
                .statusCode(200).body("items.id", hasItem(id)).body("items.tenant", everyItem(equalTo(TENANT)));
        as(TestTokens.operator()).queryParam("tenant", "ro-globex").get("/api/v1/rollouts").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
        as(globex).queryParam("tenant", TENANT).get("/api/v1/rollouts").then().statusCode(200)
                .body("items.id", not(hasItem(id)));
        as(TestTokens.operator()).queryParam("tenant", "no tenant\u0000").get("/api/v1/rollouts").then()
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void badInputIsRefusedWithAProblemNeverAFailure() {
        fleet("ro-bad", "7c2f95", 1);
        bad(with("profile", "ro-missing"), "unknown_profile");
        bad(with("uvc", "2001-01-01_00:00:00"), "unknown_release");
        bad(with("profile", "ro\u0000bad"), "validation_failed");
        bad(with("successPercent", 0), "validation_failed");
        bad(with("successPercent", 101), "validation_failed");
        bad(with("errorPercent", -5), "validation_failed");
        bad(with("confirmationMinutes", 0), "validation_failed");
        bad(with("filter", Map.of("macPrefix", "7c2g")), "validation_failed");
        bad(with("filter", Map.of("macPrefix", "7c2f95000000ff")), "validation_failed");
        bad(with("filter", Map.of("labels", List.of("a\u0000b"))), "validation_failed");
        bad(with("filter", Map.of("seenWithinDays", 0)), "validation_failed");
        bad(with("filter", Map.of("seenWithinDays", -30)), "validation_failed");
        bad(with("filter", Map.of("seenWithinDays", RolloutRequest.MAX_SEEN_WITHIN_DAYS + 1)), "validation_failed");
        bad(with("filter", Map.of("seenWithinDays", "a month")), "malformed_body");
        bad(with("filter", Map.of("seenWithinDays", 3_000_000_000L)), "malformed_body");
        bad(with("groups", List.of(Map.of("share", 1))), "validation_failed");
        Map<String, Object> none = request("ro-bad", 1);
        none.remove("groupCount");
        bad(none, "validation_failed");
        bad(with("groupCount", 0), "validation_failed");
        bad(withGroups(List.of(Map.of("share", 1, "label", "vip"))), "validation_failed");
        bad(withGroups(List.of(Map.of("name", "dynamic", "share", 1))), "validation_failed");
        bad(withGroups(List.of(Map.of("share", 1, "successPercent", 50))), "validation_failed");
        bad(withGroups(List.of(Map.of("share", 0))), "validation_failed");
        bad(with("maintenanceWindow", Map.of("opens", "22:00", "closes", "22:00")), "validation_failed");
        bad(with("maintenanceWindow", Map.of("opens", "29:00", "closes", "05:00")), "validation_failed");
        bad(with("maintenanceWindow", Map.of("opens", "22:00", "closes", "05:00", "zone", "Mars/Olympus")),
                "validation_failed");
        bad(with("startAt", "tomorrow"), "validation_failed");
        bad(with("startAt", "2026-12-08T02:00:00Z\u0000"), "validation_failed");
        bad(with("kind", "firmware"), "validation_failed");
        as(ALICE).body("{\"profile\": ").post("/api/v1/rollouts").then().statusCode(400)
                .contentType("application/problem+json");
        as(ALICE).get("/api/v1/rollouts/not-a-rollout").then().statusCode(400)
                .contentType("application/problem+json");
        as(ALICE).get("/api/v1/rollouts/" + "-".repeat(36)).then().statusCode(404)
                .contentType("application/problem+json");
        // and a window without a zone of its own is in the tenant's: UTC while its events name none
        Map<String, Object> window = with("maintenanceWindow", Map.of("opens", "22:00", "closes", "05:00"));
        create(ALICE, window).statusCode(201).body("maintenanceWindow.zone", equalTo("UTC"))
                .body("maintenanceWindow.opens", equalTo("22:00"));
        tenants.apply(new TenantSnapshot(TENANT, TENANT, "https://p.example/{mac}", TenantSnapshot.ACTIVE,
                Long.MAX_VALUE / 2, TenantSnapshot.REDIRECT_AUTH_NONE, "Europe/Berlin"));
        create(ALICE, window).statusCode(201).body("maintenanceWindow.zone", equalTo("Europe/Berlin"));
    }

    @Test
    void aReleaseNotPublishedForRolloutsCannotBeRolledOut() {
        fleet("ro-all", "7c2f98", 1);
        String forAll = published(ALICE, "ro-all");
        Map<String, Object> body = request("ro-all", 1);
        body.put("uvc", forAll);
        refused(create(ALICE, body), "not_for_rollout");
        as(ALICE).queryParam("audience", "all").post("/api/v1/profiles/ro-all/releases").then().statusCode(400)
                .body("code", equalTo("invalid_parameter"));
        as(ALICE).queryParam("audience", "rollout").queryParam("percent", 10).post("/api/v1/profiles/ro-all/releases")
                .then().statusCode(400).body("code", equalTo("invalid_parameter"));
    }

    @Test
    void retryingTheFailedDevicesOfARolloutWithoutFailuresIsRefused() {
        fleet("ro-retry", "7c2f96", 2);
        String id = create(ALICE, request("ro-retry", 1)).statusCode(201).extract().path("id");
        refused(as(ALICE).post("/api/v1/rollouts/" + id + "/retry-failed").then(), "no_failed_devices");
    }

    @Test
    void retryingTheFailedDevicesRollsOutToThoseStillOnTheProfileOnly() {
        fleet("ro-again", "7c2f99", 4);
        String id = create(ALICE, request("ro-again", 1)).statusCode(201).extract().path("id");
        command(ALICE, id, "start").statusCode(200);
        command(ALICE, id, "cancel").statusCode(200);
        // what the check-in consumer (not built yet) will write: one failed, one timed out
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        update rollout_device set state = case mac when ?2 then 'failed' else 'timed_out' end,
                            reason = case mac when ?2 then 'incomplete' else 'no_checkin' end
                        where rollout_id = ?1 and mac in (?2, ?3)""")
                .setParameter(1, UUID.fromString(id)).setParameter(2, 0x7c2f99000001L)
                .setParameter(3, 0x7c2f99000002L).executeUpdate());
        as(ALICE).queryParam("state", "failed").get("/api/v1/rollouts/" + id + "/devices").then()
                .body("items.mac", contains("7c2f99000001")).body("items.reason", contains("incomplete"));

        String retry = as(ALICE).post("/api/v1/rollouts/" + id + "/retry-failed").then().statusCode(201)
                .body("retryOf", equalTo(id)).body("status", equalTo("ready")).body("total.scheduled", equalTo(2))
                .body("uvc", notNullValue()).extract().path("id");
        as(ALICE).get("/api/v1/rollouts/" + retry + "/devices").then().statusCode(200)
                .body("items.mac", contains("7c2f99000001", "7c2f99000002"));

        // running, the retry takes no device of the profile that did not fail: it has no dynamic group to join
        command(ALICE, retry, "start").statusCode(200);
        assertThat(engine.membership(UUID.fromString(retry), Instant.now())).isFalse();
        as(ALICE).get("/api/v1/rollouts/" + retry + "/devices").then().statusCode(200)
                .body("items.mac", contains("7c2f99000001", "7c2f99000002"));
    }

    @Test
    void eachCommandsEventsGoThroughTheOutboxInItsTransaction() {
        fleet("ro-events", "7c2f97", 2);
        String id = create(ALICE, request("ro-events", 1)).statusCode(201).extract().path("id");
        String key = RolloutSnapshot.rolloutKey(TENANT, id);
        EventEnvelope created = EventCodec.fromJson(TopicProbe.await(KafkaResource.bootstrapServers(),
                Topics.PROVISIONING_ROLLOUTS, r -> key.equals(r.key()), Duration.ofSeconds(30)).value());
        assertThat(created.type()).isEqualTo(RolloutSnapshot.CREATED.type());
        assertThat(created.aggregateType()).isEqualTo(RolloutSnapshot.AGGREGATE);
        assertThat(created.tenantId()).isEqualTo(TENANT);
        RolloutSnapshot snapshot = RolloutSnapshot.CREATED.payload(created);
        assertThat(snapshot.status()).isEqualTo("ready");
        assertThat(snapshot.version()).isEqualTo(1);
        assertThat(snapshot.groups()).extracting(RolloutSnapshot.Group::name).containsExactly("1", "dynamic");

        // the start's events are written with the new state, and rolled back with it
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            service.start(UUID.fromString(id), Optional.of(TENANT));
            assertThat(outboxTypes(key)).containsExactly("rollout.started", "rollout.group.started");
            throw new IllegalStateException("rolled back on purpose");
        })).hasMessageContaining("rolled back on purpose");
        as(ALICE).get("/api/v1/rollouts/" + id).then().body("status", equalTo("ready")).body("version", equalTo(1));
        assertThat(QuarkusTransaction.requiringNew().call(() -> outboxTypes(key))).isEmpty();

        command(ALICE, id, "start").statusCode(200);
        // the relay sends them on its own time: read until both are there (or 30 s), rather than always 30 s
        List<String> types = await().atMost(Duration.ofSeconds(30)).until(() -> TopicProbe.onTopicNow(
                        KafkaResource.bootstrapServers(), Topics.PROVISIONING_ROLLOUTS,
                        r -> key.equals(r.key()) && !r.value().contains("\"rollout.created\""))
                .stream().map(r -> EventCodec.fromJson(r.value()).type()).toList(),
                hasItems("rollout.started", "rollout.group.started"));
        assertThat(types).contains("rollout.started", "rollout.group.started");
        RolloutSnapshot started = RolloutSnapshot.STARTED.payload(EventCodec.fromJson(
                TopicProbe.await(KafkaResource.bootstrapServers(), Topics.PROVISIONING_ROLLOUTS,
                        r -> key.equals(r.key()) && r.value().contains("\"rollout.started\""),
                        Duration.ofSeconds(30)).value()));
        assertThat(started.status()).isEqualTo("running");
        assertThat(started.version()).isEqualTo(2);
        assertThat(started.groups().get(0).devices()).containsEntry("offered", 2);
    }

    // ---- helpers

    @SuppressWarnings("unchecked")
    private List<String> outboxTypes(String key) {
        return entityManager.createNativeQuery("""
                        select event_type from outbox_event where message_key = ?1
                          and event_type in ('rollout.started', 'rollout.group.started') order by id""")
                .setParameter(1, key).getResultList();
    }

    /**
     * A profile of the tenant with {@code count} devices, a release for all and a newer one for rollouts; answers the
     * newer one's UVC.
     */
    private static String fleet(String profile, String prefix, int count) {
        created(ALICE, profile(profile, Map.of("A", "1")));
        published(ALICE, profile);
        for (int i = 0; i < count; i++) {
            device(prefix + String.format("%06x", i), TENANT, profile);
        }
        return forRollouts(ALICE, profile);
    }

    /** Publishes the profile as a release for rollouts; answers its UVC. */
    static String forRollouts(String token, String profile) {
        return as(token).queryParam("audience", "rollout").post("/api/v1/profiles/" + profile + "/releases").then()
                .statusCode(201).body("audience.type", equalTo("rollout")).extract().path("uvc");
    }

    private static Map<String, Object> request(String profile, int groups) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("profile", profile);
        body.put("groupCount", groups);
        body.put("successPercent", 90);
        body.put("errorPercent", 20);
        body.put("confirmationMinutes", 30);
        return body;
    }

    private static Map<String, Object> with(String field, Object value) {
        Map<String, Object> body = request("ro-bad", 1);
        body.put(field, value);
        return body;
    }

    private static Map<String, Object> withGroups(List<Map<String, Object>> groups) {
        Map<String, Object> body = request("ro-bad", 1);
        body.remove("groupCount");
        body.put("groups", groups);
        return body;
    }

    private static ValidatableResponse create(String token, Map<String, Object> body) {
        return as(token).body(body).post("/api/v1/rollouts").then();
    }

    private static ValidatableResponse command(String token, String id, String command) {
        return as(token).post("/api/v1/rollouts/" + id + "/" + command).then();
    }

    private static void refused(ValidatableResponse response, String code) {
        response.statusCode(409).contentType("application/problem+json").body("code", equalTo(code));
    }

    private static void bad(Map<String, Object> body, String code) {
        create(ALICE, body).statusCode(400).contentType("application/problem+json").body("code", equalTo(code));
    }
}
