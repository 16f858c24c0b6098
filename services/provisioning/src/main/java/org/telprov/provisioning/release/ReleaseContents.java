package org.telprov.provisioning.release;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.profile.ContentCodec;
import org.telprov.provisioning.profile.ProfileContent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The frozen contents of the releases devices fetch, in memory: a release's content never changes, so an entry never
 * goes stale. Bounded by weight ({@code telprov.provisioning.memory.content-weight}: a parameter, certificate or
 * per-device override counts one, so a release with 10,000 overrides weighs like that many small releases), least
 * recently used out first; what is not held is read from the {@code release} table.
 */
@ApplicationScoped
public class ReleaseContents {

    private record Held(ProfileContent content, int weight) {
    }

    private final AgroalDataSource dataSource;
    private final long maxWeight;
    private final Counter reads;
    /** Guarded by itself, together with {@link #weight}. */
    private final Map<UUID, Held> contents = new LinkedHashMap<>(64, 0.75f, true);
    private long weight;

    public ReleaseContents(AgroalDataSource dataSource, ProvisioningConfig config, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.maxWeight = config.memory().contentWeight();
        this.reads = Counter.builder("telprov.provisioning.release.content.reads")
                .description("release contents read from the database, the ones memory did not hold")
                .register(registry);
    }

    /** The release's content; empty when the release does not exist (any more). */
    public Optional<ProfileContent> content(UUID releaseId) {
        synchronized (contents) {
            Held held = contents.get(releaseId);
            if (held != null) {
                return Optional.of(held.content());
            }
        }
        Optional<ProfileContent> read = read(releaseId);
        read.ifPresent(content -> keep(releaseId, content));
        return read;
    }

    private void keep(UUID releaseId, ProfileContent content) {
        int w = weight(content);
        synchronized (contents) {
            Held previous = contents.put(releaseId, new Held(content, w));
            weight += w - (previous == null ? 0 : previous.weight());
            // the newest entry stays even alone over the bound: the caller is about to serve it
            Iterator<Held> eldest = contents.values().iterator();
            while (weight > maxWeight && contents.size() > 1) {
                weight -= eldest.next().weight();
                eldest.remove();
            }
        }
    }

    static int weight(ProfileContent content) {
        int w = 1 + content.parameters().size() + content.certificates().size();
        for (List<ProfileContent.Parameter> overrides : content.overrides().values()) {
            w += 1 + overrides.size();
        }
        return w;
    }

    private Optional<ProfileContent> read(UUID releaseId) {
        reads.increment();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select content from release where id = ?")) {
            statement.setObject(1, releaseId);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(ContentCodec.fromJson(rows.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("release " + releaseId + " could not be read", e);
        }
    }
}
