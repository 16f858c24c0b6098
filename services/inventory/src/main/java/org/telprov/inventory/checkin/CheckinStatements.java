package org.telprov.inventory.checkin;

import org.telprov.events.DeviceCheckin;
import org.telprov.support.inbox.ArrayUpsert;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies a batch of first-delivered check-ins with one statement per table, each a PostgreSQL array per column
 * ({@link ArrayUpsert}): the devices' "last check-in" columns, the history rows, and the trim that keeps each touched
 * history bounded. A check-in counts only for the claim its own tenant holds when it arrives: one for a device since
 * released or claimed by another tenant matches no device row and is dropped by the statements' join.
 */
final class CheckinStatements {

    /**
     * Between the files of one check-in in their array element (unnest cannot take an array per row); control
     * characters are cleaned out of file names, so it never occurs in one.
     */
    private static final String FILE_SEPARATOR = "\n";

    /**
     * What one tenant's check-ins of one device in the batch say about its "last check-in" columns: the earliest time,
     * the newest check-in, and the newest one that names a UVC and a firmware version (each service publishes
     * separately, so they arrive out of order). Of two at the same time the later in the batch wins, as it would have
     * arriving later.
     */
    private static final class Latest {
        final String mac;
        final String tenantId;
        Instant firstSeen;
        DeviceCheckin newest;
        DeviceCheckin newestUvc;
        DeviceCheckin newestFirmware;

        Latest(String mac, String tenantId) {
            this.mac = mac;
            this.tenantId = tenantId;
        }

        void add(DeviceCheckin checkin) {
            Instant at = checkin.at();
            if (firstSeen == null || at.isBefore(firstSeen)) {
                firstSeen = at;
            }
            if (newest == null || !at.isBefore(newest.at())) {
                newest = checkin;
            }
            if (checkin.uvc() != null && (newestUvc == null || !at.isBefore(newestUvc.at()))) {
                newestUvc = checkin;
            }
            if (checkin.firmwareVersion() != null
                    && (newestFirmware == null || !at.isBefore(newestFirmware.at()))) {
                newestFirmware = checkin;
            }
        }
    }

    private CheckinStatements() {
    }

    /** Applies first deliveries, in the order polled; each touched history keeps its newest {@code historySize}. */
    static void apply(Connection connection, List<CheckinService.Checkin> checkins, int historySize)
            throws SQLException {
        // Sorted by MAC, the order in which bulk imports lock devices, so the update mostly locks rows in that order
        // too; a deadlock that remains is a transient failure, which EventBatches retries.
        Map<String, Latest> latest = new TreeMap<>();
        for (CheckinService.Checkin checkin : checkins) {
            latest.computeIfAbsent(checkin.mac() + "/" + checkin.checkin().tenantId(),
                    key -> new Latest(checkin.mac(), checkin.checkin().tenantId())).add(checkin.checkin());
        }
        updateDevices(connection, latest.values());
        List<String> recorded = List.copyOf(addToHistories(connection, checkins));
        if (!recorded.isEmpty()) {
            trimHistories(connection, recorded, historySize);
        }
    }

    /**
     * The newest check-in wins each "last" column, over what the device holds: a late, older one changes nothing but
     * the first time seen. Only the device's current claim, by the check-in's own tenant, is written.
     */
    private static void updateDevices(Connection connection, Collection<Latest> rows) throws SQLException {
        ArrayUpsert.execute(connection, """
                update device d set
                  first_seen = least(d.first_seen, c.first_seen),
                  last_seen = case when d.last_seen is null or c.at >= d.last_seen then c.at else d.last_seen end,
                  last_service = case when d.last_seen is null or c.at >= d.last_seen then c.service
                                      else d.last_service end,
                  last_file = case when d.last_seen is null or c.at >= d.last_seen then c.file else d.last_file end,
                  last_source_ip = case when d.last_seen is null or c.at >= d.last_seen then c.source_ip
                                        else d.last_source_ip end,
                  last_user_agent = case when d.last_seen is null or c.at >= d.last_seen then c.user_agent
                                         else d.last_user_agent end,
                  last_uvc = case when c.uvc_at is not null and (d.last_uvc_at is null or c.uvc_at >= d.last_uvc_at)
                                  then c.uvc else d.last_uvc end,
                  last_uvc_at = case when c.uvc_at is not null and (d.last_uvc_at is null or c.uvc_at >= d.last_uvc_at)
                                     then c.uvc_at else d.last_uvc_at end,
                  last_firmware = case when c.firmware_at is not null
                                            and (d.last_firmware_at is null or c.firmware_at >= d.last_firmware_at)
                                       then c.firmware else d.last_firmware end,
                  last_firmware_at = case when c.firmware_at is not null
                                               and (d.last_firmware_at is null or c.firmware_at >= d.last_firmware_at)
                                          then c.firmware_at else d.last_firmware_at end
                from unnest(?::bpchar[], ?::varchar[], ?::timestamptz[], ?::timestamptz[], ?::varchar[], ?::varchar[],
                            ?::varchar[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::varchar[], ?::timestamptz[])
                  as c(mac, tenant_id, first_seen, at, service, file, source_ip, user_agent, uvc, uvc_at, firmware,
                       firmware_at)
                where d.mac = c.mac and d.tenant_id = c.tenant_id and d.released_at is null
                returning d.mac""", rows, List.of(
                new ArrayUpsert.Column<Latest>("varchar", r -> r.mac),
                new ArrayUpsert.Column<Latest>("varchar", r -> r.tenantId),
                new ArrayUpsert.Column<Latest>("varchar", r -> time(r.firstSeen)),
                new ArrayUpsert.Column<Latest>("varchar", r -> time(r.newest.at())),
                new ArrayUpsert.Column<Latest>("varchar", r -> r.newest.service()),
                new ArrayUpsert.Column<Latest>("varchar", r -> r.newest.file()),
                new ArrayUpsert.Column<Latest>("varchar", r -> r.newest.sourceIp()),
                new ArrayUpsert.Column<Latest>("varchar", r -> r.newest.userAgent()),
                new ArrayUpsert.Column<Latest>("varchar", r -> r.newestUvc == null ? null : r.newestUvc.uvc()),
                new ArrayUpsert.Column<Latest>("varchar", r -> r.newestUvc == null ? null : time(r.newestUvc.at())),
                new ArrayUpsert.Column<Latest>("varchar",
                        r -> r.newestFirmware == null ? null : r.newestFirmware.firmwareVersion()),
                new ArrayUpsert.Column<Latest>("varchar",
                        r -> r.newestFirmware == null ? null : time(r.newestFirmware.at()))), String.class);
    }

    /** One history row per check-in, of the claim its tenant holds; returns the MACs that got rows. */
    private static Set<String> addToHistories(Connection connection, List<CheckinService.Checkin> checkins)
            throws SQLException {
        return ArrayUpsert.execute(connection, """
                insert into device_checkin (id, mac, tenant_id, claimed_at, service, file, files, uvc, firmware_version,
                                            source_ip, user_agent, at, protocol)
                select nextval('device_checkin_seq'), d.mac, d.tenant_id, d.created_at, c.service, c.file,
                       string_to_array(c.files, E'\\n'), c.uvc, c.firmware, c.source_ip, c.user_agent, c.at,
                       c.protocol
                from unnest(?::bpchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                            ?::varchar[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::varchar[]) with ordinality
                  as c(mac, tenant_id, service, file, files, uvc, firmware, source_ip, user_agent, at, protocol, n)
                join device d on d.mac = c.mac and d.tenant_id = c.tenant_id and d.released_at is null
                order by c.n
                returning mac""", checkins, List.of(
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", CheckinService.Checkin::mac),
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", c -> c.checkin().tenantId()),
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", c -> c.checkin().service()),
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", c -> c.checkin().file()),
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", c -> files(c.checkin())),
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", c -> c.checkin().uvc()),
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", c -> c.checkin().firmwareVersion()),
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", c -> c.checkin().sourceIp()),
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", c -> c.checkin().userAgent()),
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", c -> time(c.checkin().at())),
                new ArrayUpsert.Column<CheckinService.Checkin>("varchar", c -> c.checkin().protocol())),
                String.class);
    }

    /**
     * Keeps the newest {@code historySize} rows of each device's history: the older rows are found first, a device at a
     * time through {@code device_checkin_by_mac}, and deleted by id only when there are any. One statement doing both
     * is planned once per connection; planned while the table was still empty (a new installation's first minute of
     * check-ins, before autoanalyze) it scanned the whole history twice for every batch (docs/performance.md, "The
     * storm's first minute").
     */
    private static void trimHistories(Connection connection, List<String> macs, int historySize) throws SQLException {
        Set<Long> older = ArrayUpsert.execute(connection, """
                select h.id from unnest(?::bpchar[]) as m(mac)
                cross join lateral (select id from device_checkin where mac = m.mac
                                    order by at desc, id desc offset %d) h""".formatted(historySize), macs,
                List.of(new ArrayUpsert.Column<String>("varchar", mac -> mac)), Long.class);
        if (!older.isEmpty()) {
            ArrayUpsert.execute(connection, "delete from device_checkin where id = any(?::bigint[]) returning id",
                    older, List.of(new ArrayUpsert.Column<Long>("bigint", id -> id)), Long.class);
        }
    }

    /** The files a history row names: the boot's, or the one file of a check-in from before they were named. */
    private static String files(DeviceCheckin checkin) {
        List<String> files = checkin.files() != null ? checkin.files()
                : checkin.file() != null ? List.of(checkin.file()) : null;
        return files == null ? null : String.join(FILE_SEPARATOR, files);
    }

    private static String time(Instant at) {
        return Objects.toString(at, null);
    }
}
