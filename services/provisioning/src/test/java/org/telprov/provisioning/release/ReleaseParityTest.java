package org.telprov.provisioning.release;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.telprov.events.DeviceSnapshot;
import org.telprov.events.EventKind;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.device.DeviceProjection;
import org.telprov.provisioning.profile.Uvc;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release a device gets from memory is the one the SQL it replaced chose, for random tenants, profiles, releases,
 * audiences, pins, labels and devices, for the current release and for named UVCs inside and outside the grace period.
 * The old queries are kept here as the oracle.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class ReleaseParityTest {

    private static final String RELEASE_OF_DEVICE = """
            select d.tenant_id, d.vendor, d.model, r.id, r.uvc
            from device d
            join profile p on p.tenant_id = d.tenant_id and p.name = d.profile
            left join release_pin pin on pin.profile_id = p.id and pin.mac = d.mac
            join release r on r.profile_id = p.id
            where d.mac = ?1 and d.released = false and %s
            order by r.uvc desc
            limit 1""";

    private static final String FOR_DEVICE = """
            (%1$s.id = pin.release_id or pin.release_id is null and (
                %1$s.audience_label is null and %1$s.audience_percent is null
                or %1$s.audience_label = any(string_to_array(d.labels, ','))
                or cast(cast('x' || substr(md5(cast(p.id as text) || d.mac), 1, 8) as bit(32)) as bigint) %% 100
                   < %1$s.audience_percent))""";

    private static final String CURRENT = FOR_DEVICE.formatted("r");

    private static final String NAMED = """
            r.uvc = ?2 and (
                coalesce((select min(n.uvc) from release n where n.profile_id = p.id and n.uvc > r.uvc) > ?3, true)
                or %s and not exists (select 1 from release n where n.profile_id = p.id and n.uvc > r.uvc and %s))"""
            .formatted(CURRENT, FOR_DEVICE.formatted("n"));

    private static final List<String> LABELS = List.of("lab", "floor-2", "beta", "vip");

    @Inject
    EntityManager entityManager;

    @Inject
    DeviceReleases releases;

    @Inject
    DeviceProjection projection;

    @Inject
    ProfileRoutes routes;

    @Inject
    ProvisioningConfig config;

    private record Profile(UUID id, String tenant, String name, List<UUID> releases, List<String> uvcs) {
    }

    @Test
    void theReleaseFromMemoryIsTheOneTheSqlChoseForRandomFleets() {
        for (long seed = 1; seed <= 4; seed++) {
            compare(seed);
        }
    }

    private void compare(long seed) {
        Random random = new Random(seed * 7919);
        String run = "parity" + seed + "-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> tenants = List.of(run + "-a", run + "-b", run + "-c");
        Instant now = Instant.now();
        Instant graceStart = now.minus(config.releaseGrace());
        List<Profile> profiles = new ArrayList<>();
        List<String> allUvcs = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            for (String tenant : tenants) {
                // the same names in every tenant, so that only the tenant tells the profiles apart
                for (int p = 0; p < 4; p++) {
                    Profile profile = new Profile(UUID.randomUUID(), tenant, "p" + p, new ArrayList<>(),
                            new ArrayList<>());
                    profiles.add(profile);
                    entityManager.createNativeQuery("""
                                    insert into profile (id, tenant_id, name, content, created_at, updated_at)
                                    values (?1, ?2, ?3, '{}', now(), now())""")
                            .setParameter(1, profile.id()).setParameter(2, tenant).setParameter(3, profile.name())
                            .executeUpdate();
                    int count = p == 3 ? 0 : 1 + random.nextInt(7);
                    Set<String> uvcs = new HashSet<>();
                    for (int r = 0; r < count; r++) {
                        uvcs.add(uvcAvoiding(random, now, graceStart));
                    }
                    for (String uvc : uvcs.stream().sorted().toList()) {
                        UUID id = UUID.randomUUID();
                        int audience = random.nextInt(5);
                        String label = audience == 1 ? LABELS.get(random.nextInt(LABELS.size())) : null;
                        Integer percent = audience == 2 || audience == 3 ? 1 + random.nextInt(99) : null;
                        entityManager.createNativeQuery("""
                                        insert into release (id, profile_id, tenant_id, uvc, content, created_at,
                                                             created_by, audience_label, audience_percent)
                                        values (?1, ?2, ?3, ?4, '{}', now(), 'parity', ?5, ?6)""")
                                .setParameter(1, id).setParameter(2, profile.id()).setParameter(3, tenant)
                                .setParameter(4, uvc).setParameter(5, label).setParameter(6, percent)
                                .executeUpdate();
                        profile.releases().add(id);
                        profile.uvcs().add(uvc);
                        allUvcs.add(uvc);
                    }
                }
            }
        });

        List<String> macs = new ArrayList<>();
        Map<String, List<String>> ownUvcs = new HashMap<>();
        List<DeviceProjection.DeviceChange> devices = new ArrayList<>();
        for (int d = 0; d < 400; d++) {
            String mac = "%012x".formatted(random.nextLong() & 0xffffffffffffL);
            macs.add(mac);
            String tenant = tenants.get(random.nextInt(tenants.size()));
            int which = random.nextInt(6);
            String profile = which == 5 ? null : which == 4 ? "unknown" : "p" + random.nextInt(4);
            List<String> labels = LABELS.stream().filter(l -> random.nextInt(3) == 0).toList();
            ownUvcs.put(mac, profiles.stream().filter(p -> p.tenant().equals(tenant) && p.name().equals(profile))
                    .findFirst().map(Profile::uvcs).orElse(List.of()));
            EventKind<DeviceSnapshot> kind = random.nextInt(10) == 0 ? DeviceSnapshot.RELEASED
                    : DeviceSnapshot.REGISTERED;
            devices.add(projection.read(kind.envelope(new DeviceSnapshot(mac, tenant, "gigaset-maxwell", "mx3b", null,
                    profile, labels, 1 + random.nextInt(5)), Instant.now())));
        }
        projection.apply(devices);

        QuarkusTransaction.requiringNew().run(() -> {
            for (String mac : macs) {
                if (random.nextInt(4) != 0) {
                    continue;
                }
                // a pin on a profile of the tenant, mostly to one of its releases, sometimes to another profile's
                Profile on = profiles.get(random.nextInt(profiles.size()));
                Profile of = random.nextInt(6) == 0 ? profiles.get(random.nextInt(profiles.size())) : on;
                if (of.releases().isEmpty()) {
                    continue;
                }
                entityManager.createNativeQuery("""
                                insert into release_pin (profile_id, mac, tenant_id, release_id, pinned_at, pinned_by)
                                values (?1, ?2, ?3, ?4, now(), 'parity') on conflict do nothing""")
                        .setParameter(1, on.id()).setParameter(2, mac).setParameter(3, on.tenant())
                        .setParameter(4, of.releases().get(random.nextInt(of.releases().size())))
                        .executeUpdate();
            }
            entityManager.createNativeQuery("""
                            update profile set routing_version = nextval('routing_version') where tenant_id like ?1""")
                    .setParameter(1, run + "%").executeUpdate();
        });
        routes.refresh();

        String graceUvc = Uvc.format(graceStart);
        int found = 0;
        int compared = 0;
        for (String mac : macs) {
            List<String> asked = new ArrayList<>();
            asked.add(null);
            // every release of its own profile, and some of others
            asked.addAll(ownUvcs.get(mac));
            for (int i = 0; i < 3; i++) {
                asked.add(allUvcs.get(random.nextInt(allUvcs.size())));
            }
            asked.add("2001-01-01_00:00:00");
            for (String uvc : asked) {
                Optional<DeviceRelease> expected = oracle(mac, uvc, graceUvc);
                assertThat(releases.resolve(mac, uvc).map(ReleaseParityTest::facts))
                        .as("seed %d, device %s, uvc %s", seed, mac, uvc).isEqualTo(expected);
                compared++;
                found += expected.isPresent() ? 1 : 0;
            }
            Optional<DeviceRelease> current = oracle(mac, null, graceUvc);
            assertThat(releases.resolve(mac, null).map(ReleaseParityTest::facts)).isEqualTo(current);
        }
        // a comparison that only ever finds nothing proves little
        assertThat(found).as("answers found among %d", compared).isGreaterThan(compared / 10);
    }

    /** The device's release without its values (which the oracle does not compute): no settings, so its UVC. */
    private static DeviceRelease facts(ResolvedRelease resolved) {
        DeviceRelease d = resolved.device();
        return new DeviceRelease(d.mac(), d.tenantId(), d.vendor(), d.model(), d.releaseId(), d.uvc());
    }

    /** A UVC in the last three days, not within five minutes of the grace period's start (which moves as we compare). */
    private static String uvcAvoiding(Random random, Instant now, Instant graceStart) {
        while (true) {
            Instant at = now.minus(Duration.ofSeconds(random.nextInt(3 * 24 * 3600))).truncatedTo(ChronoUnit.SECONDS);
            if (Duration.between(at, graceStart).abs().compareTo(Duration.ofMinutes(5)) > 0) {
                return Uvc.format(at);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Optional<DeviceRelease> oracle(String mac, String uvc, String graceUvc) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createNativeQuery(RELEASE_OF_DEVICE.formatted(uvc != null ? NAMED : CURRENT))
                    .setParameter(1, mac);
            if (uvc != null) {
                query.setParameter(2, uvc).setParameter(3, graceUvc);
            }
            List<Object[]> rows = query.getResultList();
            return rows.stream().findFirst().map(row -> new DeviceRelease(mac, (String) row[0], (String) row[1],
                    (String) row[2], (UUID) row[3], (String) row[4]));
        });
    }
}
