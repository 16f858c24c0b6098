package org.telprov.provisioning.firmware;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.events.FirmwareChannels;
import org.telprov.provisioning.memory.PolledMemory;
import org.telprov.provisioning.memory.VersionStamp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Resolves a channel of a product to the artifact it points at: the tenant's own channel of that name first, then the
 * platform-wide vendor channel; for a device that a firmware rollout of the channel offered its artifact, that
 * artifact. From memory: the channels of {@code firmware_product}, polled by their snapshot versions (which only ever
 * increase), and the offers of firmware rollouts, polled by the rollouts' {@code offers_version}, so a channel moved or
 * an offer made through any replica is seen by every replica. Channels and offers are read in one snapshot and swapped
 * in together: a channel move that ends a rollout's offers (overtaking it, or catching up with its finish) never shows
 * a device the old channel without its offer in between.
 */
@ApplicationScoped
public class FirmwareChannelLookup implements PolledMemory {

    private record Product(Map<String, FirmwareArtifactRef> channels, long version) {
    }

    /**
     * The devices one firmware rollout offered its artifact (not given back): {@code macs} ascending. {@code live}: it
     * runs or pauses, so it comes before ended rollouts of the channel whose reached devices keep the artifact.
     */
    private record Offers(String channel, String artifactId, long[] macs, boolean live, long createdAt, long version) {
    }

    /** What the replica holds; replaced whole, so a lookup sees channels and offers of one poll. */
    private record Held(Map<String, Product> products, Map<String, List<Offers>> offers, Map<UUID, Offers> byRollout) {
    }

    private final AgroalDataSource dataSource;
    private volatile Held held = new Held(Map.of(), Map.of(), Map.of());
    /** Guarded by this (refreshes run one at a time). */
    private VersionStamp channelStamp = VersionStamp.NONE;
    private VersionStamp offerStamp = VersionStamp.NONE;

    public FirmwareChannelLookup(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The artifact the tenant's channel names, whatever a rollout offers. */
    public Optional<FirmwareArtifactRef> resolve(String tenantId, String vendor, String product, String channel) {
        Map<String, Product> products = held.products();
        for (String scope : new String[]{tenantId, null}) {
            FirmwareArtifactRef ref = own(products, scope, vendor, product, channel);
            if (ref != null) {
                return Optional.of(ref);
            }
        }
        return Optional.empty();
    }

    /**
     * The artifact id the device gets from the tenant's channel: the one a firmware rollout of the channel offered it
     * (a running one first, then the newest ended one whose channel has not moved since), else what the channel names.
     * A device of a channel without firmware rollouts costs one lookup in an empty map more.
     *
     * @param mac 12 lower-case hex digits
     */
    public Optional<String> resolve(String tenantId, String vendor, String product, String channel, String mac) {
        Held now = held;
        if (!now.offers().isEmpty()) {
            List<Offers> offers = now.offers().get(FirmwareOffers.key(tenantId, vendor, product, channel));
            if (offers != null) {
                long device = Long.parseLong(mac, 16);
                for (Offers offer : offers) {
                    if (Arrays.binarySearch(offer.macs(), device) >= 0) {
                        return Optional.of(offer.artifactId());
                    }
                }
            }
        }
        for (String scope : new String[]{tenantId, null}) {
            FirmwareArtifactRef ref = own(now.products(), scope, vendor, product, channel);
            if (ref != null) {
                return Optional.ofNullable(ref.artifactId());
            }
        }
        return Optional.empty();
    }

    /** The channel of that scope itself ({@code null}: the platform's), not falling back to the platform's. */
    public Optional<FirmwareArtifactRef> own(String scope, String vendor, String product, String channel) {
        return Optional.ofNullable(own(held.products(), scope, vendor, product, channel));
    }

    private static FirmwareArtifactRef own(Map<String, Product> products, String scope, String vendor, String product,
                                           String channel) {
        Product found = products.get(FirmwareChannels.productKey(scope, vendor, product));
        return found == null ? null : found.channels().get(channel);
    }

    @Override
    public String name() {
        return "firmware channels";
    }

    @Override
    public synchronized void refresh() {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            // one snapshot for both tables: a channel move and the end of the offers it overtook commit together
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                refresh(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("firmware channels could not be read", e);
        }
    }

    private void refresh(Connection connection) throws SQLException {
        VersionStamp channels = VersionStamp.of(connection, "firmware_product", "version");
        VersionStamp offers = offerStamp(connection);
        if (channels.equals(channelStamp) && offers.equals(offerStamp)) {
            return;
        }
        Held before = held;
        Map<String, Product> products = channels.equals(channelStamp) ? before.products()
                : products(connection, before.products());
        Map<UUID, Offers> byRollout = offers.equals(offerStamp) ? before.byRollout()
                : offers(connection, before.byRollout());
        Map<String, List<Offers>> byChannel = before.offers();
        if (byRollout != before.byRollout()) {
            Map<String, List<Offers>> grouped = new HashMap<>();
            for (Offers offer : byRollout.values()) {
                if (offer.macs().length > 0) {
                    grouped.computeIfAbsent(offer.channel(), k -> new ArrayList<>()).add(offer);
                }
            }
            Comparator<Offers> order = Comparator.comparing((Offers o) -> !o.live())
                    .thenComparing(Comparator.comparingLong(Offers::createdAt).reversed());
            grouped.replaceAll((key, list) -> {
                list.sort(order);
                return List.copyOf(list);
            });
            byChannel = Map.copyOf(grouped);
        }
        held = new Held(products, byChannel, byRollout);
        channelStamp = channels;
        offerStamp = offers;
    }

    private static Map<String, Product> products(Connection connection, Map<String, Product> held)
            throws SQLException {
        Map<String, Product> next = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select product_key, version, channels from firmware_product");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String key = rows.getString(1);
                long version = rows.getLong(2);
                Product product = held.get(key);
                next.put(key, product != null && product.version() == version ? product
                        : new Product(Map.copyOf(withoutNulls(FirmwareChannelsCodec.fromJson(rows.getString(3)))),
                        version));
            }
        }
        return next;
    }

    /** Firmware rollouts counted and their offer versions summed: one row when nothing changed. */
    private static VersionStamp offerStamp(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select count(*), coalesce(max(offers_version), 0), coalesce(sum(offers_version), 0)
                from rollout where kind = 'firmware'""");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return new VersionStamp(rows.getLong(1), rows.getLong(2), rows.getLong(3));
        }
    }

    /**
     * The offers of the firmware rollouts whose offers apply: running or paused ones, and cancelled or finished ones
     * whose channel has not moved since; the offered devices of those whose offers version moved read again.
     */
    private static Map<UUID, Offers> offers(Connection connection, Map<UUID, Offers> held) throws SQLException {
        Map<UUID, Offers> next = new HashMap<>();
        List<Object[]> stale = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select id, tenant_id, vendor, product, channel, artifact_id, status, created_at, offers_version
                from rollout
                where kind = 'firmware' and (status in ('running', 'paused')
                      or (status in ('finished', 'cancelled') and channel_moved_at is null))""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                UUID id = rows.getObject(1, UUID.class);
                String key = FirmwareOffers.key(rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5));
                String artifact = rows.getObject(6, UUID.class).toString();
                String status = rows.getString(7);
                boolean live = "running".equals(status) || "paused".equals(status);
                long created = rows.getTimestamp(8).getTime();
                long version = rows.getLong(9);
                Offers offer = held.get(id);
                if (offer != null && offer.version() == version) {
                    next.put(id, offer.live() == live ? offer
                            : new Offers(key, artifact, offer.macs(), live, created, version));
                } else {
                    stale.add(new Object[]{id, key, artifact, live, created, version});
                }
            }
        }
        if (!stale.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select mac from rollout_device
                    where rollout_id = ? and state not in ('scheduled', 'excluded') and rolled_back_at is null
                    order by mac""")) {
                statement.setFetchSize(5000);
                for (Object[] rollout : stale) {
                    UUID id = (UUID) rollout[0];
                    statement.setObject(1, id);
                    List<Long> macs = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            macs.add(rows.getLong(1));
                        }
                    }
                    next.put(id, new Offers((String) rollout[1], (String) rollout[2],
                            macs.stream().mapToLong(Long::longValue).toArray(), (Boolean) rollout[3], (Long) rollout[4],
                            (Long) rollout[5]));
                }
            }
        }
        return Map.copyOf(next);
    }

    private static Map<String, FirmwareArtifactRef> withoutNulls(Map<String, FirmwareArtifactRef> channels) {
        Map<String, FirmwareArtifactRef> kept = new HashMap<>(channels);
        kept.values().removeIf(Objects::isNull);
        return kept;
    }
}
