package org.telprov.inventory.checkin;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventTypes;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.inventory.InventoryConfig;
import org.telprov.inventory.device.Device;
import org.telprov.support.inbox.ProcessedEvents;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

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

    /** A check-in as the API shows it. */
    public record View(String service, String file, String uvc, String firmwareVersion, String sourceIp,
                       String userAgent, Instant at) {
    }

    /** Counts of the scope's devices by how recently they were seen. */
    public record Summary(long devices, long neverSeen, long seenLast24h) {
    }

    /**
     * Applies one check-in event; a redelivery changes nothing, and a check-in older than the last one known only
     * joins the history.
     *
     * @throws MalformedEventException for other event types or unusable payloads; the caller dead-letters them
     */
    @Transactional
    public void record(EventEnvelope event) {
        if (!EventTypes.DEVICE_REDIRECTED.equals(event.type()) && !EventTypes.DEVICE_FETCHED.equals(event.type())) {
            throw new MalformedEventException("unknown event type " + event.type(), null);
        }
        DeviceCheckin checkin = EventCodec.payload(event, DeviceCheckin.class);
        if (checkin.at() == null || checkin.service() == null || !MacAddress.isValid(checkin.mac())) {
            throw new MalformedEventException("check-in " + event.id() + " lacks mac, service or time", null);
        }
        if (!processed.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        String mac = MacAddress.parse(checkin.mac()).toString();
        Device device = entityManager.find(Device.class, mac, LockModeType.PESSIMISTIC_WRITE);
        // A check-in for a device since released or claimed by another tenant belongs to nobody here.
        if (device == null || device.releasedAt != null || !device.tenantId.equals(checkin.tenantId())) {
            return;
        }
        remember(device, checkin);
        addToHistory(mac, checkin);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<View> history(String mac, int page, int size) {
        return CheckinEntry.<CheckinEntry>find("mac", Sort.descending("at", "id"), mac)
                .page(Page.of(page, size)).stream()
                .map(e -> new View(e.service, e.file, e.uvc, e.firmwareVersion, e.sourceIp, e.userAgent, e.at))
                .toList();
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

    private static void remember(Device device, DeviceCheckin checkin) {
        Instant at = checkin.at();
        if (device.firstSeen == null || at.isBefore(device.firstSeen)) {
            device.firstSeen = at;
        }
        // Services publish through their own outboxes, so check-ins arrive out of order: the release and the firmware
        // a device has are each the newest of their kind (a redirect serves neither), whatever arrived after them.
        if (checkin.uvc() != null && (device.lastUvcAt == null || !at.isBefore(device.lastUvcAt))) {
            device.lastUvc = checkin.uvc();
            device.lastUvcAt = at;
        }
        if (checkin.firmwareVersion() != null && (device.lastFirmwareAt == null || !at.isBefore(device.lastFirmwareAt))) {
            device.lastFirmware = checkin.firmwareVersion();
            device.lastFirmwareAt = at;
        }
        if (device.lastSeen != null && at.isBefore(device.lastSeen)) {
            return;
        }
        device.lastSeen = at;
        device.lastService = checkin.service();
        device.lastFile = checkin.file();
        device.lastSourceIp = checkin.sourceIp();
        device.lastUserAgent = checkin.userAgent();
    }

    private void addToHistory(String mac, DeviceCheckin checkin) {
        CheckinEntry entry = new CheckinEntry();
        entry.mac = mac;
        entry.tenantId = checkin.tenantId();
        entry.service = checkin.service();
        entry.file = checkin.file();
        entry.uvc = checkin.uvc();
        entry.firmwareVersion = checkin.firmwareVersion();
        entry.sourceIp = checkin.sourceIp();
        entry.userAgent = checkin.userAgent();
        entry.at = checkin.at();
        entry.persist();
        entityManager.flush();
        entityManager.createNativeQuery("""
                        delete from device_checkin where mac = ?1 and id not in (
                            select id from device_checkin where mac = ?1 order by at desc, id desc limit ?2)""")
                .setParameter(1, mac)
                .setParameter(2, config.checkinHistory())
                .executeUpdate();
    }
}
