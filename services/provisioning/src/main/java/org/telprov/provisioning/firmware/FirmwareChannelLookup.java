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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves a channel of a product to the artifact it points at: the tenant's own channel of that name first, then the
 * platform-wide vendor channel. From memory: the channels of {@code firmware_product}, polled by their snapshot
 * versions (which only ever increase), so a channel moved through any replica is seen by every replica.
 */
@ApplicationScoped
public class FirmwareChannelLookup implements PolledMemory {

    private record Product(Map<String, FirmwareArtifactRef> channels, long version) {
    }

    private final AgroalDataSource dataSource;
    private volatile Map<String, Product> products = Map.of();
    /** Guarded by this (refreshes run one at a time). */
    private VersionStamp stamp = VersionStamp.NONE;

    public FirmwareChannelLookup(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<FirmwareArtifactRef> resolve(String tenantId, String vendor, String product, String channel) {
        Map<String, Product> held = products;
        for (String scope : new String[]{tenantId, null}) {
            Product found = held.get(FirmwareChannels.productKey(scope, vendor, product));
            FirmwareArtifactRef ref = found == null ? null : found.channels().get(channel);
            if (ref != null) {
                return Optional.of(ref);
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "firmware channels";
    }

    @Override
    public synchronized void refresh() {
        try (Connection connection = dataSource.getConnection()) {
            VersionStamp now = VersionStamp.of(connection, "firmware_product", "version");
            if (now.equals(stamp)) {
                return;
            }
            Map<String, Product> held = products;
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
            products = next;
            stamp = now;
        } catch (SQLException e) {
            throw new IllegalStateException("firmware channels could not be read", e);
        }
    }

    private static Map<String, FirmwareArtifactRef> withoutNulls(Map<String, FirmwareArtifactRef> channels) {
        Map<String, FirmwareArtifactRef> kept = new HashMap<>(channels);
        kept.values().removeIf(Objects::isNull);
        return kept;
    }
}
