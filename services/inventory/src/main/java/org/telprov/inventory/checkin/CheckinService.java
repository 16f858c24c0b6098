package org.telprov.inventory.checkin;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventEnvelope;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.inventory.InventoryConfig;
import org.telprov.inventory.device.Device;
import org.telprov.inventory.device.DeviceView;
import org.telprov.partner.Page;
import org.telprov.support.inbox.ProcessedEvents;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps what devices report through the device-facing services: per device the first and last contact with what was
 * served then, and a bounded history. Check-ins are facts about a device, not changes of it: they publish nothing.
 */
@ApplicationScoped
public class CheckinService {

    static final String CONSUMER = "inventory.checkins";

    private final ProcessedEvents processed;
    private final EntityManager entityManager;
    private final InventoryConfig config;

    public CheckinService(ProcessedEvents processed, EntityManager entityManager, InventoryConfig config) {
        this.processed = processed;
        this.entityManager = entityManager;
        this.config = config;
    }

    /**
     * A check-in as the API shows it: {@code files} are those of a provisioning boot, in the order first fetched
     * ({@code file} alone, the last of them, for check-ins from before check-ins named them; empty for a redirect);
     * {@code protocol} is how provisioning's files were fetched ({@code http}, {@code tftp}), {@code null} otherwise.
     */
    public record View(String service, String file, List<String> files, String uvc, String firmwareVersion,
                       String sourceIp, String userAgent, Instant at, String protocol) {
    }

    /** Counts of the scope's devices by how recently they were seen. */
    public record Summary(long devices, long neverSeen, long seenLast24h) {
    }

    /** A check-in event, read and checked. */
    public record Checkin(EventEnvelope event, String mac, DeviceCheckin checkin) {
    }

    /**
     * Reads a check-in event.
     *
     * @throws MalformedEventException for other event types or unusable payloads; the caller dead-letters them
     */
    public Checkin read(EventEnvelope event) {
        DeviceCheckin checkin = DeviceCheckin.from(event);
        if (checkin.at() == null || checkin.service() == null || !MacAddress.isValid(checkin.mac())) {
            throw new MalformedEventException("check-in " + event.id() + " lacks mac, service or time", null);
        }
        return new Checkin(event, MacAddress.parse(checkin.mac()).toString(), checkin);
    }

    /**
     * Applies check-ins in one transaction, one statement per table (and one to keep the histories bounded); a
     * redelivery changes nothing, and a check-in older than the last one known only joins the history.
     */
    @Transactional
    public void record(List<Checkin> checkins) {
        Set<UUID> fresh = processed.firstDeliveries(CONSUMER, checkins.stream().map(c -> c.event().id()).toList());
        // remove: the same event twice in one batch is a redelivery the second time
        List<Checkin> first = checkins.stream().filter(c -> fresh.remove(c.event().id())).toList();
        if (first.isEmpty()) {
            return;
        }
        entityManager.unwrap(Session.class).doWork(connection ->
                CheckinStatements.apply(connection, first, config.checkinHistory()));
    }

    /** The history of the device's current claim: what earlier owners' (or earlier claims') devices did is not in it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<View> history(DeviceView device, int page, int size) {
        PanacheQuery<CheckinEntry> found = CheckinEntry.find(
                "mac = :mac and tenantId = :tenant and claimedAt = :claimedAt", Sort.descending("at", "id"),
                Parameters.with("mac", device.mac()).and("tenant", device.tenantId())
                        .and("claimedAt", device.createdAt()));
        List<View> items = found.page(page, size).stream()
                .map(e -> new View(e.service, e.file, files(e), e.uvc, e.firmwareVersion, e.sourceIp, e.userAgent,
                        e.at, e.protocol))
                .toList();
        return new Page<>(items, page, size, found.count());
    }

    /** {@code scope} empty for the operator's view of every tenant. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Summary summary(Optional<String> scope, Instant now) {
        Parameters parameters = new Parameters();
        String registered = scope.map(tenant -> {
            parameters.and("tenant", tenant);
            return "releasedAt is null and tenantId = :tenant";
        }).orElse("releasedAt is null");
        long devices = Device.count(registered, parameters);
        long neverSeen = Device.count(registered + " and lastSeen is null", parameters);
        long recent = Device.count(registered + " and lastSeen >= :since",
                parameters.and("since", now.minus(24, ChronoUnit.HOURS)));
        return new Summary(devices, neverSeen, recent);
    }

    private static List<String> files(CheckinEntry entry) {
        if (entry.files != null) {
            return entry.files;
        }
        return entry.file == null ? List.of() : List.of(entry.file);
    }
}
