package org.telprov.provisioning.release;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.profile.ContentCodec;
import org.telprov.provisioning.profile.ProfileContent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The frozen contents of the releases devices fetch, in memory: a release's content never changes, so an entry never
 * goes stale. Bounded by weight ({@code telprov.provisioning.memory.content-weight}: a parameter, certificate, setting,
 * Auerswald operation or per-device override counts one, so a release with 10,000 overrides weighs like that many small
 * releases); what is not
 * held is read from the {@code release} table. A read takes no lock (every device request reads here); when a read
 * from the table makes the contents too heavy, those not asked for again since they were read or since the previous
 * eviction go first (a clock sweep: nearly least recently used, and a release asked for once goes before those in use).
 */
@ApplicationScoped
public class ReleaseContents {

    private static final class Held {
        final ProfileContent content;
        final int weight;
        /** Asked for again since it was read or since the last eviction sweep. */
        volatile boolean used;

        Held(ProfileContent content, int weight) {
            this.content = content;
            this.weight = weight;
        }
    }

    private final Function<UUID, Optional<ProfileContent>> reader;
    private final long maxWeight;
    private final Counter reads;
    private final Map<UUID, Held> contents = new ConcurrentHashMap<>();
    private final Map<UUID, CompletableFuture<Optional<ProfileContent>>> loading = new ConcurrentHashMap<>();
    /** The weight of what {@link #contents} holds; guarded by this, as is every removal. */
    private long weight;

    @Inject
    public ReleaseContents(AgroalDataSource dataSource, ProvisioningConfig config, MeterRegistry registry) {
        this(releaseId -> read(dataSource, releaseId), config.memory().contentWeight(), registry);
    }

    ReleaseContents(Function<UUID, Optional<ProfileContent>> reader, long maxWeight, MeterRegistry registry) {
        this.reader = reader;
        this.maxWeight = maxWeight;
        this.reads = Counter.builder("telprov.provisioning.release.content.reads")
                .description("release contents read from the database, the ones memory did not hold")
                .register(registry);
    }

    /** The release's content if memory holds it, without reading the database. */
    public Optional<ProfileContent> held(UUID releaseId) {
        Held held = contents.get(releaseId);
        if (held == null) {
            return Optional.empty();
        }
        if (!held.used) {
            held.used = true;
        }
        return Optional.of(held.content);
    }

    /** The release's content; empty when the release does not exist (any more). */
    public Optional<ProfileContent> content(UUID releaseId) {
        Optional<ProfileContent> held = held(releaseId);
        if (held.isPresent()) {
            return held;
        }
        // one read per release however many devices miss it at once (a boot storm right after a publish)
        CompletableFuture<Optional<ProfileContent>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<ProfileContent>> running = loading.putIfAbsent(releaseId, mine);
        if (running != null) {
            return running.join();
        }
        try {
            reads.increment();
            Optional<ProfileContent> read = reader.apply(releaseId);
            read.ifPresent(content -> keep(releaseId, content));
            mine.complete(read);
            return read;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(releaseId, mine);
        }
    }

    private synchronized void keep(UUID releaseId, ProfileContent content) {
        Held held = new Held(content, weight(content));
        Held previous = contents.put(releaseId, held);
        weight += held.weight - (previous == null ? 0 : previous.weight);
        // the new entry stays even alone over the bound: the caller is about to serve it
        for (int sweep = 0; sweep < 2 && weight > maxWeight; sweep++) {
            for (Iterator<Map.Entry<UUID, Held>> entries = contents.entrySet().iterator();
                 entries.hasNext() && weight > maxWeight; ) {
                Held entry = entries.next().getValue();
                if (entry == held) {
                    continue;
                }
                if (entry.used) {
                    entry.used = false;
                } else {
                    entries.remove();
                    weight -= entry.weight;
                }
            }
        }
    }

    static int weight(ProfileContent content) {
        int w = 1 + content.parameters().size() + content.certificates().size() + content.settings().size()
                + content.operations().size();
        for (List<ProfileContent.Parameter> overrides : content.overrides().values()) {
            w += 1 + overrides.size();
        }
        return w;
    }

    /** Whether the release's content is held now. */
    boolean holds(UUID releaseId) {
        return contents.containsKey(releaseId);
    }

    private static Optional<ProfileContent> read(AgroalDataSource dataSource, UUID releaseId) {
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
