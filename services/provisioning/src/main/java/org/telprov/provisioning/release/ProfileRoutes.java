package org.telprov.provisioning.release;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.memory.PolledMemory;
import org.telprov.provisioning.memory.VersionStamp;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every profile's releases (without their content), audiences and pins in memory, so that which release a device gets
 * is decided without a query. Polled by {@code profile.routing_version}, which every publish, rollback, audience
 * widening, pin and unpin bumps under the profile row's lock: a profile whose version moved is read again whole, a
 * deleted one dropped.
 */
@ApplicationScoped
public class ProfileRoutes implements PolledMemory {

    /** A profile by the names devices refer to it with. */
    record Key(String tenantId, String name) {
    }

    /**
     * A release as the choice among a profile's releases needs it.
     *
     * @param label       the audience label, or {@code null}
     * @param percent     the audience percentage, or {@code null}; both {@code null} (and no rollout): every device
     *                    of the profile
     * @param rolloutMacs a release for rollouts: the MACs its rollouts offered it and did not roll back, ascending;
     *                    {@code null} for other releases
     */
    record Candidate(UUID id, String uvc, String label, Integer percent, long[] rolloutMacs) {
    }

    /**
     * A profile's releases, newest first, and its pins: {@code pinnedMacs} ascending, {@code pinnedReleases} the
     * release of each.
     */
    record Route(UUID profileId, String profileIdText, long version, List<Candidate> newestFirst, long[] pinnedMacs,
                 UUID[] pinnedReleases) {

        /** The release the device is pinned to on this profile, or {@code null}. */
        UUID pin(long mac) {
            int at = Arrays.binarySearch(pinnedMacs, mac);
            return at < 0 ? null : pinnedReleases[at];
        }
    }

    /** At most this many changed profiles have their newest release's content read ahead in one refresh. */
    private static final int READ_AHEAD = 16;

    private final AgroalDataSource dataSource;
    private final ReleaseContents contents;
    private volatile Map<Key, Route> routes = Map.of();
    /** Guarded by this (refreshes run one at a time). */
    private VersionStamp stamp = VersionStamp.NONE;

    public ProfileRoutes(AgroalDataSource dataSource, ReleaseContents contents) {
        this.dataSource = dataSource;
        this.contents = contents;
    }

    /** The tenant's profile of that name, or {@code null}. */
    Route route(String tenantId, String name) {
        return routes.get(new Key(tenantId, name));
    }

    int size() {
        return routes.size();
    }

    @Override
    public String name() {
        return "profiles";
    }

    @Override
    public synchronized void refresh() {
        try (Connection connection = dataSource.getConnection()) {
            VersionStamp now = VersionStamp.of(connection, "profile", "routing_version");
            if (now.equals(stamp)) {
                return;
            }
            Map<Key, Route> held = routes;
            Map<UUID, Route> heldById = new HashMap<>();
            held.values().forEach(route -> heldById.put(route.profileId(), route));
            Map<Key, Route> next = new HashMap<>();
            Map<UUID, Key> changed = new HashMap<>();
            Map<UUID, Long> versions = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "select id, tenant_id, name, routing_version from profile");
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject(1, UUID.class);
                    Key key = new Key(rows.getString(2), rows.getString(3));
                    long version = rows.getLong(4);
                    Route route = heldById.get(id);
                    if (route != null && route.version() == version) {
                        next.put(key, route);
                    } else {
                        changed.put(id, key);
                        versions.put(id, version);
                    }
                }
            }
            if (!changed.isEmpty()) {
                load(connection, changed, versions, next);
            }
            routes = next;
            boolean started = stamp != VersionStamp.NONE;
            stamp = now;
            if (started && changed.size() <= READ_AHEAD) {
                readAhead(changed.values(), next);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("profiles could not be read", e);
        }
    }

    /**
     * Reads the content of each changed profile's newest release before its devices ask for it: after a publish, every
     * device of the profile asks at its next boot, and a boot storm should not find it missing. Not at start-up, which
     * would read every profile's.
     */
    private void readAhead(Collection<Key> changed, Map<Key, Route> held) {
        for (Key key : changed) {
            Route route = held.get(key);
            if (route != null && !route.newestFirst().isEmpty()) {
                contents.content(route.newestFirst().get(0).id());
            }
        }
    }

    /** Reads the releases and pins of the changed profiles, a statement each for all of them. */
    private static void load(Connection connection, Map<UUID, Key> changed, Map<UUID, Long> versions,
                             Map<Key, Route> into) throws SQLException {
        Array ids = connection.createArrayOf("uuid", changed.keySet().toArray());
        Map<UUID, List<Candidate>> releases = new HashMap<>();
        Map<UUID, Map<UUID, UUID>> sameIds = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select profile_id, id, uvc, audience_label, audience_percent, audience_rollout from release
                where profile_id = any(?)""")) {
            statement.setArray(1, ids);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    UUID profile = rows.getObject(1, UUID.class);
                    UUID id = rows.getObject(2, UUID.class);
                    int percent = rows.getInt(5);
                    Integer audiencePercent = rows.wasNull() ? null : percent;
                    releases.computeIfAbsent(profile, p -> new ArrayList<>())
                            .add(new Candidate(id, rows.getString(3), rows.getString(4), audiencePercent,
                                    rows.getBoolean(6) ? new long[0] : null));
                    sameIds.computeIfAbsent(profile, p -> new HashMap<>()).put(id, id);
                }
            }
        }
        Map<UUID, long[]> offered = rolloutOffers(connection, ids);
        Map<UUID, List<Object[]>> pins = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select profile_id, mac, release_id from release_pin where profile_id = any(?)""")) {
            statement.setArray(1, ids);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pins.computeIfAbsent(rows.getObject(1, UUID.class), p -> new ArrayList<>())
                            .add(new Object[]{Long.parseLong(rows.getString(2).trim(), 16),
                                    rows.getObject(3, UUID.class)});
                }
            }
        }
        for (Map.Entry<UUID, Key> profile : changed.entrySet()) {
            UUID id = profile.getKey();
            List<Candidate> candidates = releases.getOrDefault(id, new ArrayList<>());
            candidates.replaceAll(c -> c.rolloutMacs() == null ? c : new Candidate(c.id(), c.uvc(), c.label(),
                    c.percent(), offered.getOrDefault(c.id(), c.rolloutMacs())));
            // UVCs have one fixed format, so their order as text is their order in time
            candidates.sort(Comparator.comparing(Candidate::uvc).reversed());
            List<Object[]> pinned = pins.getOrDefault(id, new ArrayList<>());
            pinned.sort(Comparator.comparingLong(pin -> (Long) pin[0]));
            long[] macs = new long[pinned.size()];
            UUID[] pinnedReleases = new UUID[pinned.size()];
            Map<UUID, UUID> shared = sameIds.getOrDefault(id, Map.of());
            for (int i = 0; i < macs.length; i++) {
                macs[i] = (Long) pinned.get(i)[0];
                UUID release = (UUID) pinned.get(i)[1];
                // one UUID object per release, however many devices are pinned to it
                pinnedReleases[i] = shared.getOrDefault(release, release);
            }
            into.put(profile.getValue(), new Route(id, id.toString(), versions.get(id), List.copyOf(candidates), macs,
                    pinnedReleases));
        }
    }

    /**
     * The MACs each release for rollouts of the profiles was offered to (ascending, by release id): the devices its
     * rollouts offered it (state past scheduled, not excluded) and did not give back their previous version.
     */
    private static Map<UUID, long[]> rolloutOffers(Connection connection, Array profiles) throws SQLException {
        Map<UUID, List<Long>> offered = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select distinct r.id, d.mac from release r
                join rollout o on o.profile_id = r.profile_id and o.kind = 'release' and o.release_uvc = r.uvc
                join rollout_device d on d.rollout_id = o.id
                where r.profile_id = any(?) and r.audience_rollout
                  and d.state not in ('scheduled', 'excluded') and d.rolled_back_at is null
                order by r.id, d.mac""")) {
            statement.setArray(1, profiles);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    offered.computeIfAbsent(rows.getObject(1, UUID.class), r -> new ArrayList<>()).add(rows.getLong(2));
                }
            }
        }
        Map<UUID, long[]> macs = new HashMap<>();
        offered.forEach((release, list) -> macs.put(release, list.stream().mapToLong(Long::longValue).toArray()));
        return macs;
    }
}
