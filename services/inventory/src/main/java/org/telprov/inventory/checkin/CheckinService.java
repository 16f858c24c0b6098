package org.telprov.inventory.checkin;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.telprov.events.DeviceCheckin;
import org.telprov.events.EventCodec;
import org.telprov.events.EventEnvelope;
import org.telprov.events.EventTypes;
import org.telprov.events.MacAddress;
import org.telprov.events.MalformedEventException;
import org.telprov.inventory.InventoryConfig;
import org.telprov.inventory.device.Device;
import org.telprov.inventory.device.DeviceView;
import org.telprov.support.inbox.ProcessedEvents;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

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

    /** A check-in event, read and checked. */
    public record Checkin(EventEnvelope event, String mac, DeviceCheckin checkin) {
    }

    /**
     * Reads a check-in event.
     *
     * @throws MalformedEventException for other event types or unusable payloads; the caller dead-letters them
     */
    public Checkin read(EventEnvelope event) {
        if (!EventTypes.DEVICE_REDIRECTED.equals(event.type()) && !EventTypes.DEVICE_FETCHED.equals(event.type())) {
            throw new MalformedEventException("unknown event type " + event.type(), null);
        }
        DeviceCheckin checkin = EventCodec.payload(event, DeviceCheckin.class);
        if (checkin.at() == null || checkin.service() == null || !MacAddress.isValid(checkin.mac())) {
            throw new MalformedEventException("check-in " + event.id() + " lacks mac, service or time", null);
        }
        return new Checkin(event, MacAddress.parse(checkin.mac()).toString(), checkin);
    }

    /**
     * Applies check-ins in one transaction; a redelivery changes nothing, and a check-in older than the last one known
     * only joins the history.
     */
    @Transactional
    public void record(List<Checkin> checkins) {
        Set<UUID> fresh = processed.firstDeliveries(CONSUMER, checkins.stream().map(c -> c.event().id()).toList());
        // remove: the same event twice in one batch is a redelivery the second time
        List<Checkin> first = checkins.stream().filter(c -> fresh.remove(c.event().id())).toList();
        if (first.isEmpty()) {
            return;
        }
        // Locked in MAC order, so that concurrent writers of the same devices cannot deadlock.
        Map<String, Device> devices = entityManager.createQuery(
                        "from Device where mac in :macs order by mac", Device.class)
                .setParameter("macs", first.stream().map(Checkin::mac).collect(Collectors.toCollection(TreeSet::new)))
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList().stream()
                .collect(Collectors.toMap(device -> device.mac, device -> device));
        Set<String> seen = new TreeSet<>();
        for (Checkin checkin : first) {
            Device device = devices.get(checkin.mac());
            // A check-in belongs to the claim its own tenant holds when it arrives: one for a device since released or
            // claimed by another tenant belongs to nobody here, and is never shown to the MAC's next owner.
            if (device == null || device.releasedAt != null || !device.tenantId.equals(checkin.checkin().tenantId())) {
                continue;
            }
            remember(device, checkin.checkin());
            addToHistory(device, checkin.checkin());
            seen.add(checkin.mac());
        }
        if (!seen.isEmpty()) {
            entityManager.flush();
            trimHistories(seen);
        }
    }

    /** The history of the device's current claim: what earlier owners' (or earlier claims') devices did is not in it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<View> history(DeviceView device, int page, int size) {
        return CheckinEntry.<CheckinEntry>find("mac = :mac and tenantId = :tenant and claimedAt = :claimedAt",
                        Sort.descending("at", "id"), Parameters.with("mac", device.mac())
                                .and("tenant", device.tenantId()).and("claimedAt", device.createdAt()))
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

    private static void addToHistory(Device device, DeviceCheckin checkin) {
        CheckinEntry entry = new CheckinEntry();
        entry.mac = device.mac;
        entry.tenantId = device.tenantId;
        entry.claimedAt = device.createdAt;
        entry.service = checkin.service();
        entry.file = checkin.file();
        entry.uvc = checkin.uvc();
        entry.firmwareVersion = checkin.firmwareVersion();
        entry.sourceIp = checkin.sourceIp();
        entry.userAgent = checkin.userAgent();
        entry.at = checkin.at();
        entry.persist();
    }

    /** Keeps the newest {@code telprov.inventory.checkin-history} entries of each of the devices, in one statement. */
    private void trimHistories(Set<String> macs) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            Array array = connection.createArrayOf("varchar", macs.toArray());
            try (PreparedStatement delete = connection.prepareStatement("""
                    delete from device_checkin where id in (
                        select id from (
                            select id, row_number() over (partition by mac order by at desc, id desc) as n
                            from device_checkin where mac = any(?::bpchar[])) ranked
                        where n > ?)""")) {
                delete.setArray(1, array);
                delete.setInt(2, config.checkinHistory());
                delete.executeUpdate();
            } finally {
                array.free();
            }
        });
    }
}
