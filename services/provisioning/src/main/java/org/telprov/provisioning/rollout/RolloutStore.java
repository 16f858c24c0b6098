package org.telprov.provisioning.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.telprov.partner.Page;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.support.bulk.CopyIn;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The rollout tables (V14): a new rollout with all its devices, a rollout row locked for one input, the run restored
 * from the rows, and the changed rows written back in the input's transaction; group counts kept in
 * {@code rollout_group} so progress reads a handful of rows. Plain JDBC: 100,000 device rows go in with one COPY,
 * and a change writes only the devices it changed.
 */
@ApplicationScoped
public class RolloutStore {

    /** The target's unique index refused a second running rollout: the code the API answers with. */
    static final String TARGET_BUSY = "target_busy";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final TypeReference<List<PauseReason>> PAUSE_REASONS = new TypeReference<>() {
    };
    private static final String ROLLOUT_COLUMNS = """
            id, tenant_id, created_by, approved_by, kind, target_key, profile_id, profile, release_uvc, vendor, product,
            channel, artifact_id, firmware_version, filter, retry_of, success_percent, success_action, error_percent,
            confirmation_window_seconds, window_opens, window_closes, window_zone, approval_required, start_at,
            digest_refusal_limit, status, current_group, pause_reasons, clock_at, excluded, created_at, started_at,
            ended_at, version""";

    private final EntityManager entityManager;
    private final ObjectMapper json;

    public RolloutStore(EntityManager entityManager, ObjectMapper json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    /** A stored rollout: its row, the state machine's state in it and its group rows (devices not read). */
    public record Stored(RolloutRow row, RolloutStatus status, int currentGroup, String approvedBy,
                         List<PauseReason> pauseReasons, Instant clockAt, List<GroupRow> groups) {
    }

    /** A group's row: its definition, status and devices by state. */
    public record GroupRow(int position, String name, Integer share, String label, Conditions conditions,
                           GroupStatus status, Instant startedAt, Map<DeviceState, Integer> devices) {
    }

    /** A device's row, for the list of one state. */
    public record DeviceRow(String mac, int group, DeviceState state, Reason reason, String previousVersion,
                            Instant offeredAt, Instant settledAt, Instant rolledBackAt) {
    }

    /** Stores a new rollout: its row, its groups and every device the plan took, at version 1. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(RolloutRow row, RolloutRun run, Instant now) {
        List<RunState.DeviceRecord> devices = run.changedDevices();
        work(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into rollout (" + ROLLOUT_COLUMNS
                    + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?, ?)")) {
                Rollout rollout = row.rollout();
                RolloutTarget target = rollout.target();
                int i = 0;
                insert.setObject(++i, rollout.id());
                insert.setString(++i, rollout.tenantId());
                insert.setString(++i, rollout.createdBy());
                insert.setString(++i, run.approvedBy().orElse(null));
                insert.setString(++i, lower(target.kind()));
                insert.setString(++i, target.key());
                insert.setObject(++i, row.profileId());
                insert.setString(++i, row.profile());
                insert.setString(++i, target.kind() == RolloutTarget.Kind.RELEASE ? target.version() : null);
                insert.setString(++i, row.vendor());
                insert.setString(++i, row.product());
                insert.setString(++i, row.channel());
                insert.setObject(++i, target.kind() == RolloutTarget.Kind.FIRMWARE
                        ? UUID.fromString(target.version()) : null);
                insert.setString(++i, target.firmwareVersion());
                insert.setString(++i, toJson(row.filter()));
                insert.setObject(++i, row.retryOf());
                insert.setInt(++i, rollout.conditions().successPercent());
                insert.setString(++i, lower(rollout.conditions().onSuccess()));
                insert.setInt(++i, rollout.conditions().errorPercent());
                insert.setLong(++i, rollout.confirmationWindow().toSeconds());
                MaintenanceWindow window = rollout.maintenanceWindow();
                insert.setObject(++i, window == null ? null : window.opens(), Types.TIME);
                insert.setObject(++i, window == null ? null : window.closes(), Types.TIME);
                insert.setString(++i, window == null ? null : window.zone().getId());
                insert.setBoolean(++i, rollout.approvalRequired());
                insert.setObject(++i, time(rollout.startAt()));
                insert.setInt(++i, rollout.digestRefusalLimit());
                insert.setString(++i, lower(run.status()));
                insert.setInt(++i, run.currentGroup());
                insert.setString(++i, toJson(run.pauseReasons()));
                insert.setObject(++i, time(run.latest()));
                insert.setInt(++i, excludedOutsideGroups(run));
                insert.setObject(++i, time(now));
                insert.setObject(++i, null);
                insert.setObject(++i, null);
                insert.setLong(++i, 1);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into rollout_group (rollout_id, position, name, share, label, success_percent, success_action,
                        error_percent, status, error_seen, started_at, scheduled, offered, fetched, confirmed, failed,
                        timed_out, excluded)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, false, null, ?, ?, ?, ?, ?, ?, ?)""")) {
                Rollout rollout = row.rollout();
                for (GroupProgress group : run.groups()) {
                    Group defined = group.index() < rollout.groups().size() ? rollout.groups().get(group.index())
                            : null;
                    int i = 0;
                    insert.setObject(++i, rollout.id());
                    insert.setInt(++i, group.index());
                    insert.setString(++i, group.name());
                    insert.setObject(++i, defined == null ? null : defined.share(), Types.INTEGER);
                    insert.setString(++i, defined == null ? null : defined.label());
                    Conditions conditions = defined == null ? null : defined.conditions();
                    insert.setObject(++i, conditions == null ? null : conditions.successPercent(), Types.INTEGER);
                    insert.setString(++i, conditions == null ? null : lower(conditions.onSuccess()));
                    insert.setObject(++i, conditions == null ? null : conditions.errorPercent(), Types.INTEGER);
                    insert.setString(++i, lower(group.status()));
                    setCounts(insert, i, group);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            CopyIn.into(connection, "rollout_device", devices.stream().map(d -> new Written(row.id(), d, now)).toList(),
                    DEVICE_COLUMNS);
        });
    }

    /** A device row as COPY writes it. */
    private record Written(UUID rollout, RunState.DeviceRecord device, Instant now) {
    }

    private static final List<CopyIn.Column<Written>> DEVICE_COLUMNS = List.of(
            new CopyIn.Column<>("rollout_id", w -> w.rollout()),
            new CopyIn.Column<>("mac", w -> Long.parseLong(w.device().mac(), 16)),
            new CopyIn.Column<>("group_position", w -> w.device().group()),
            new CopyIn.Column<>("dialect", w -> w.device().dialect().id()),
            new CopyIn.Column<>("state", w -> lower(w.device().state())),
            new CopyIn.Column<>("reason", w -> w.device().reason() == null ? null : lower(w.device().reason())),
            new CopyIn.Column<>("previous_version", w -> w.device().previousVersion()),
            new CopyIn.Column<>("offered_at", w -> w.device().offeredAt()),
            new CopyIn.Column<>("downloaded_at", w -> w.device().downloadedAt()),
            new CopyIn.Column<>("settled_at", w -> settled(w.device().state()) ? w.now() : null),
            new CopyIn.Column<>("digest_refusals", w -> w.device().refusals()));

    /** The rollout, locked until the transaction ends: every input of one rollout is applied one at a time. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stored> lock(UUID id, Optional<String> tenant) {
        return read(id, tenant, " for update");
    }

    /**
     * The rollout locked until the transaction ends, or empty when another transaction holds its lock (it is being
     * advanced elsewhere: the scheduler of another replica) or it is unknown.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Stored> lockIfFree(UUID id) {
        return read(id, Optional.empty(), " for update skip locked");
    }

    /** A running or paused rollout's version and tenant, which the check-in consumer's memory is kept by. */
    public record Live(UUID id, String tenantId, long version) {
    }

    /** The rollouts that run or pause: those whose devices may wait for a confirmation. */
    // its own read-only transaction when called outside one (the consumer, the scheduler)
    @Transactional
    public List<Live> live() {
        return returning(connection -> {
            List<Live> live = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select id, tenant_id, version from rollout where status in ('running', 'paused')")) {
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        live.add(new Live(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3)));
                    }
                }
            }
            return live;
        });
    }

    /** The MACs (48 bits) of the rollout's devices offered the change and not settled: the ones a check-in may move. */
    // its own read-only transaction when called outside one (the consumer, the scheduler)
    @Transactional
    public long[] waiting(UUID id) {
        return returning(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select mac from rollout_device where rollout_id = ? and state in ('offered', 'fetched')")) {
                select.setObject(1, id);
                select.setFetchSize(5000);
                List<Long> macs = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        macs.add(rs.getLong(1));
                    }
                }
                return macs.stream().mapToLong(Long::longValue).toArray();
            }
        });
    }

    /**
     * The rollouts time may move at {@code now}: ready ones whose start time has come, and running or paused ones with
     * an offered device whose confirmation window ran out or (running) a device scheduled in a started group, which
     * a maintenance window that opened lets the tick offer.
     */
    // its own read-only transaction when called outside one (the consumer, the scheduler)
    @Transactional
    public List<UUID> due(Instant now) {
        return returning(connection -> {
            List<UUID> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select r.id from rollout r
                    where (r.status = 'ready' and r.start_at <= ?)
                       or (r.status in ('running', 'paused') and exists (
                              select 1 from rollout_device d
                              where d.rollout_id = r.id and d.state in ('offered', 'fetched')
                                and d.offered_at < ? - r.confirmation_window_seconds * interval '1 second'))
                       or (r.status = 'running' and exists (
                              select 1 from rollout_group g
                              where g.rollout_id = r.id and g.position <= r.current_group and g.scheduled > 0))
                    order by r.id""")) {
                select.setObject(1, time(now));
                select.setObject(2, time(now));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        due.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return due;
        });
    }

    /**
     * A device of the profile the rollout does not hold (or holds as having left): its model, labels and last-seen
     * hour ({@code null}: never seen by its tenant).
     */
    public record Candidate(String mac, String model, java.util.Set<String> labels, Instant seenAt) {
    }

    /**
     * The devices of the release rollout's profile (not released) that it does not hold, or holds as having left the
     * target: candidates to join it, for the filter to take or not.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Candidate> joining(UUID id, String tenantId, String profile) {
        return returning(connection -> {
            List<Candidate> candidates = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select d.mac, d.model, d.labels, s.seen_at from device d
                    left join device_seen s on s.mac = d.mac and s.tenant_id = d.tenant_id
                    where d.tenant_id = ? and d.profile = ? and not d.released
                      and not exists (select 1 from rollout_device r
                                      where r.rollout_id = ? and r.mac = ('x' || lpad(d.mac, 16, '0'))::bit(64)::bigint
                                        and (r.state <> 'excluded' or r.reason <> 'left_target'))""")) {
                select.setString(1, tenantId);
                select.setString(2, profile);
                select.setObject(3, id);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String labels = rs.getString(3);
                        candidates.add(new Candidate(rs.getString(1), rs.getString(2),
                                labels == null || labels.isEmpty() ? java.util.Set.of()
                                        : java.util.Set.of(labels.split(",")), instant(rs, 4)));
                    }
                }
            }
            return candidates;
        });
    }

    /**
     * The devices the release rollout holds (not excluded) that are no longer devices of its profile. A set difference
     * rather than {@code not exists}: before either table has statistics (a rollout started right after an import of
     * 100,000 devices) the planner took the anti-join for a nested loop over both, a minute of work per scheduler run;
     * {@code except} is a hashed or sorted set operation whatever the estimates.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> leaving(UUID id, String tenantId, String profile) {
        return returning(connection -> {
            List<String> macs = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select r.mac from rollout_device r where r.rollout_id = ? and r.state <> 'excluded'
                    except
                    select ('x' || lpad(d.mac, 16, '0'))::bit(64)::bigint from device d
                    where d.tenant_id = ? and d.profile = ? and not d.released""")) {
                select.setObject(1, id);
                select.setString(2, tenantId);
                select.setString(3, profile);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        macs.add(mac(rs.getLong(1)));
                    }
                }
            }
            return macs;
        });
    }

    /**
     * A device of a firmware rollout's product, of the rollout, or both: {@code candidate} the device row (its model and
     * labels; {@code null} when it is no device of the product now), {@code state} and {@code reason} the rollout's row
     * ({@code null} when the rollout does not hold it).
     */
    public record Member(String mac, Candidate candidate, DeviceState state, Reason reason) {

        /** The rollout holds it and counts it (not excluded): it may leave. */
        public boolean held() {
            return state != null && state != DeviceState.EXCLUDED;
        }

        /** The rollout holds it other than as having left the target: it cannot join. */
        public boolean holds() {
            return state != null && (state != DeviceState.EXCLUDED || reason != Reason.LEFT_TARGET);
        }
    }

    /**
     * The tenant's devices of a product as a firmware rollout's start reads them (vendor and model the product's,
     * case-insensitive, not released, with a profile; {@code RolloutService.firmwareDevices}) side by side with the
     * rollout's devices, for its joins and leaves. A full join, which PostgreSQL runs only as a hash or merge join
     * (never the nested loop that once made a release rollout's {@code leaving} quadratic before the tables had
     * statistics), so 100,000 devices cost one pass over each table; and no condition outside the two subqueries,
     * which would turn it into a one-sided join again.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Member> productMembers(UUID id, String tenantId, String vendor, String product) {
        return returning(connection -> {
            List<Member> members = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select coalesce(d.number, r.mac), d.number is not null, d.model, d.labels, r.state, r.reason,
                           d.seen_at
                    from (select ('x' || lpad(v.mac, 16, '0'))::bit(64)::bigint as number, v.model, v.labels, s.seen_at
                          from device v left join device_seen s on s.mac = v.mac and s.tenant_id = v.tenant_id
                          where v.tenant_id = ? and lower(v.vendor) = ? and lower(v.model) = ? and not v.released
                            and v.profile is not null) d
                    full join (select mac, state, reason from rollout_device where rollout_id = ?) r
                      on r.mac = d.number""")) {
                select.setString(1, tenantId);
                select.setString(2, vendor.toLowerCase(Locale.ROOT));
                select.setString(3, product.toLowerCase(Locale.ROOT));
                select.setObject(4, id);
                select.setFetchSize(5000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String mac = mac(rs.getLong(1));
                        String labels = rs.getString(4);
                        Candidate candidate = !rs.getBoolean(2) ? null : new Candidate(mac, rs.getString(3),
                                labels == null || labels.isEmpty() ? java.util.Set.of()
                                        : java.util.Set.of(labels.split(",")), instant(rs, 7));
                        String state = rs.getString(5);
                        String reason = rs.getString(6);
                        members.add(new Member(mac, candidate, state == null ? null : upper(DeviceState.class, state),
                                reason == null ? null : upper(Reason.class, reason)));
                    }
                }
            }
            return members;
        });
    }

    /** The running or paused rollouts of the tenant in which these devices wait for their confirmation, by MAC. */
    @Transactional
    public Map<String, List<UUID>> waitingIn(String tenantId, java.util.Collection<String> macs) {
        return returning(connection -> {
            Map<String, List<UUID>> rollouts = new java.util.HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select d.mac, d.rollout_id from rollout_device d join rollout r on r.id = d.rollout_id
                    where d.mac = any(?) and d.state in ('offered', 'fetched') and r.tenant_id = ?
                      and r.status in ('running', 'paused')""")) {
                select.setArray(1, connection.createArrayOf("bigint",
                        macs.stream().map(mac -> Long.parseLong(mac, 16)).toArray()));
                select.setString(2, tenantId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rollouts.computeIfAbsent(mac(rs.getLong(1)), m -> new ArrayList<>())
                                .add(rs.getObject(2, UUID.class));
                    }
                }
            }
            return rollouts;
        });
    }

    /** The rollouts that run or pause, whose devices may join or leave. */
    @Transactional
    public List<UUID> liveIds() {
        return returning(connection -> {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select id from rollout where status in ('running', 'paused') order by id")) {
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
    }

    /**
     * The firmware rollouts of every tenant that have not ended (waiting for approval or their start, running,
     * paused) on a channel of this name of the product, in the order their rows are locked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> unendedFirmware(String vendor, String product, String channel) {
        return returning(connection -> {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select id from rollout where kind = 'firmware'"
                    + " and status in (" + UNENDED + ") and vendor = ? and product = ? and channel = ? order by id")) {
                select.setString(1, vendor);
                select.setString(2, product);
                select.setString(3, channel);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
    }

    /** The statuses of a rollout that has not ended, as stored. */
    private static final String UNENDED = "'awaiting_approval', 'ready', 'running', 'paused'";

    /** The rollouts of the target that have not ended, in the order their rows are locked. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> unended(String targetKey) {
        return returning(connection -> {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select id from rollout where target_key = ? and status in (" + UNENDED + ") order by id")) {
                select.setString(1, targetKey);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
    }

    /**
     * The artifact of the channel's newest finished firmware rollout (by its end) whose channel has not moved since
     * ({@code channel_moved_at}): the one the firmware service is still to move the channel to, unless the channel
     * names it already.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<String> finishedNotCaughtUp(String targetKey) {
        return returning(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select artifact_id from rollout
                    where target_key = ? and kind = 'firmware' and status = 'finished' and channel_moved_at is null
                    order by ended_at desc, id limit 1""")) {
                select.setString(1, targetKey);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, UUID.class).toString()) : Optional.<String>empty();
                }
            }
        });
    }

    /**
     * Whether the channel move this transaction applies is the first since a finished firmware rollout of the target
     * with this artifact ended: the firmware service catching up with that finish (or a person doing the same).
     * {@code FirmwareOffers.channelMoved} stamps {@code channel_moved_at} with the transaction's {@code now()}, which
     * is the same instant for every statement of the transaction, before the move is announced.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean catchingUpNow(String targetKey, String artifactId) {
        return returning(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select 1 from rollout
                    where target_key = ? and kind = 'firmware' and status = 'finished' and artifact_id = ?
                      and channel_moved_at = now()""")) {
                select.setString(1, targetKey);
                select.setObject(2, UUID.fromString(artifactId));
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The rollout as stored, unlocked; empty for an unknown one and for another tenant's. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Stored> find(UUID id, Optional<String> tenant) {
        return read(id, tenant, "");
    }

    /** The rollouts of a tenant (or all, for the operator), newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Stored> list(Optional<String> tenant, int page, int size) {
        return returning(connection -> {
            String where = tenant.isPresent() ? " where tenant_id = ?" : "";
            long total;
            try (PreparedStatement count = connection.prepareStatement("select count(*) from rollout" + where)) {
                if (tenant.isPresent()) {
                    count.setString(1, tenant.get());
                }
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select id from rollout" + where
                    + " order by created_at desc, id limit ? offset ?")) {
                int i = 0;
                if (tenant.isPresent()) {
                    select.setString(++i, tenant.get());
                }
                select.setInt(++i, size);
                select.setLong(++i, (long) page * size);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            List<Stored> items = new ArrayList<>();
            for (UUID id : ids) {
                read(connection, id, Optional.empty(), "").ifPresent(items::add);
            }
            return new Page<>(items, page, size, total);
        });
    }

    /** The run of a stored rollout, its devices read, the guard asking the table. */
    @Transactional(Transactional.TxType.MANDATORY)
    public RolloutRun load(Stored stored) {
        UUID id = stored.row().id();
        return returning(connection -> {
            List<RunState.GroupState> groups = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "select position, status, error_seen from rollout_group where rollout_id = ? order by position")) {
                select.setObject(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        groups.add(new RunState.GroupState(rs.getInt(1), upper(GroupStatus.class, rs.getString(2)),
                                rs.getBoolean(3)));
                    }
                }
            }
            List<RunState.DeviceRecord> devices = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select mac, dialect, previous_version, group_position, state, reason, offered_at, downloaded_at,
                           digest_refusals
                    from rollout_device where rollout_id = ? order by mac""")) {
                select.setObject(1, id);
                select.setFetchSize(5000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String reason = rs.getString(6);
                        devices.add(new RunState.DeviceRecord(mac(rs.getLong(1)), Dialect.of(rs.getString(2)),
                                rs.getString(3), rs.getInt(4), upper(DeviceState.class, rs.getString(5)),
                                reason == null ? null : upper(Reason.class, reason), instant(rs, 7), instant(rs, 8),
                                rs.getInt(9)));
                    }
                }
            }
            RunState state = new RunState(stored.status(), stored.currentGroup(), stored.approvedBy(),
                    stored.pauseReasons(), stored.clockAt(), groups, devices);
            return RolloutRun.restore(stored.row().rollout(), state, this::running);
        });
    }

    /**
     * Writes what an input changed: the rollout row (a version higher), its groups and the devices the run changed;
     * {@code rolledBack} devices are stamped as given back their previous version.
     *
     * @return the new version
     * @throws RolloutRefused {@code target_busy} when the target's unique index refuses a second running rollout
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long save(Stored stored, RolloutRun run, List<String> rolledBack, Instant now) {
        UUID id = stored.row().id();
        long version = stored.row().version() + 1;
        List<RunState.DeviceRecord> changed = run.changedDevices();
        work(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update rollout set approved_by = ?, status = ?, current_group = ?, pause_reasons = cast(? as jsonb),
                        clock_at = ?, excluded = ?,
                        started_at = case when ? then coalesce(started_at, ?) else started_at end,
                        ended_at = case when ? then coalesce(ended_at, ?) else ended_at end,
                        version = ?
                    where id = ?""")) {
                int i = 0;
                update.setString(++i, run.approvedBy().orElse(null));
                update.setString(++i, lower(run.status()));
                update.setInt(++i, run.currentGroup());
                update.setString(++i, toJson(run.pauseReasons()));
                update.setObject(++i, time(run.latest()));
                update.setInt(++i, excludedOutsideGroups(run));
                update.setBoolean(++i, run.currentGroup() >= 0);
                update.setObject(++i, time(now));
                update.setBoolean(++i, run.status().ended());
                update.setObject(++i, time(now));
                update.setLong(++i, version);
                update.setObject(++i, id);
                update.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new RolloutRefused(TARGET_BUSY, "another rollout runs on " + stored.row().rollout()
                            .target().key());
                }
                throw e;
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    update rollout_group set status = ?, error_seen = ?,
                        started_at = case when ? then coalesce(started_at, ?) else started_at end,
                        scheduled = ?, offered = ?, fetched = ?, confirmed = ?, failed = ?, timed_out = ?, excluded = ?
                    where rollout_id = ? and position = ?""")) {
                List<GroupProgress> progress = run.groups();
                for (RunState.GroupState group : run.groupStates()) {
                    int i = 0;
                    update.setString(++i, lower(group.status()));
                    update.setBoolean(++i, group.errorSeen());
                    update.setBoolean(++i, group.status() != GroupStatus.SCHEDULED);
                    update.setObject(++i, time(now));
                    i = setCounts(update, i, progress.get(group.index()));
                    update.setObject(++i, id);
                    update.setInt(++i, group.index());
                    update.addBatch();
                }
                update.executeBatch();
            }
            upsertDevices(connection, id, changed, now);
            if (!rolledBack.isEmpty()) {
                try (PreparedStatement update = connection.prepareStatement(
                        "update rollout_device set rolled_back_at = ? where rollout_id = ? and mac = any(?)")) {
                    update.setObject(1, time(now));
                    update.setObject(2, id);
                    update.setArray(3, connection.createArrayOf("bigint",
                            rolledBack.stream().map(mac -> Long.parseLong(mac, 16)).toArray()));
                    update.executeUpdate();
                }
            }
        });
        return version;
    }

    /** Device rows per upsert statement: a group's offers of 25,000 devices are five statements. */
    private static final int UPSERT_CHUNK = 5000;

    /**
     * Writes the changed devices, a chunk of them per statement ({@code insert … select from unnest(arrays)}): a group
     * that starts offers all its devices in one input, and one statement per device cost a round of the batch each.
     */
    private static void upsertDevices(Connection connection, UUID id, List<RunState.DeviceRecord> changed, Instant now)
            throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("""
                insert into rollout_device (rollout_id, mac, group_position, dialect, state, reason, previous_version,
                    offered_at, downloaded_at, settled_at, digest_refusals)
                select ?, c.mac, c.group_position, c.dialect, c.state, c.reason, c.previous_version, c.offered_at,
                       c.downloaded_at, c.settled_at, c.digest_refusals
                from unnest(?::bigint[], ?::integer[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                            ?::timestamptz[], ?::timestamptz[], ?::integer[])
                     as c (mac, group_position, dialect, state, reason, previous_version, offered_at, downloaded_at,
                           settled_at, digest_refusals)
                on conflict (rollout_id, mac) do update set group_position = excluded.group_position,
                    dialect = excluded.dialect, state = excluded.state, reason = excluded.reason,
                    previous_version = excluded.previous_version, offered_at = excluded.offered_at,
                    downloaded_at = excluded.downloaded_at,
                    settled_at = case when excluded.settled_at is null then null
                                      else coalesce(rollout_device.settled_at, excluded.settled_at) end,
                    digest_refusals = excluded.digest_refusals""")) {
            String settledAt = time(now).toString();
            for (int from = 0; from < changed.size(); from += UPSERT_CHUNK) {
                List<RunState.DeviceRecord> chunk = changed.subList(from, Math.min(changed.size(), from + UPSERT_CHUNK));
                int n = chunk.size();
                Long[] macs = new Long[n];
                Integer[] groups = new Integer[n];
                String[] dialects = new String[n];
                String[] states = new String[n];
                String[] reasons = new String[n];
                String[] previous = new String[n];
                String[] offered = new String[n];
                String[] downloaded = new String[n];
                String[] settled = new String[n];
                Integer[] refusals = new Integer[n];
                for (int k = 0; k < n; k++) {
                    RunState.DeviceRecord device = chunk.get(k);
                    macs[k] = Long.parseLong(device.mac(), 16);
                    groups[k] = device.group();
                    dialects[k] = device.dialect().id();
                    states[k] = lower(device.state());
                    reasons[k] = device.reason() == null ? null : lower(device.reason());
                    previous[k] = device.previousVersion();
                    offered[k] = text(device.offeredAt());
                    downloaded[k] = text(device.downloadedAt());
                    settled[k] = settled(device.state()) ? settledAt : null;
                    refusals[k] = device.refusals();
                }
                int i = 0;
                upsert.setObject(++i, id);
                upsert.setArray(++i, connection.createArrayOf("bigint", macs));
                upsert.setArray(++i, connection.createArrayOf("integer", groups));
                upsert.setArray(++i, connection.createArrayOf("text", dialects));
                upsert.setArray(++i, connection.createArrayOf("text", states));
                upsert.setArray(++i, connection.createArrayOf("text", reasons));
                upsert.setArray(++i, connection.createArrayOf("text", previous));
                upsert.setArray(++i, connection.createArrayOf("text", offered));
                upsert.setArray(++i, connection.createArrayOf("text", downloaded));
                upsert.setArray(++i, connection.createArrayOf("text", settled));
                upsert.setArray(++i, connection.createArrayOf("integer", refusals));
                upsert.executeUpdate();
            }
        }
    }

    /** An instant as PostgreSQL reads a timestamptz from text (ISO-8601 with its offset), or {@code null}. */
    private static String text(Instant instant) {
        return instant == null ? null : time(instant).toString();
    }

    /** Whether the tenant's rollouts all wait for approval ({@code rollout_policy}); false without a row. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean approvalRequired(String tenantId) {
        return returning(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select approval_required from rollout_policy where tenant_id = ?")) {
                select.setString(1, tenantId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void approvalRequired(String tenantId, boolean required, String actor, Instant now) {
        work(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    insert into rollout_policy (tenant_id, approval_required, updated_by, updated_at)
                    values (?, ?, ?, ?)
                    on conflict (tenant_id) do update set approval_required = excluded.approval_required,
                        updated_by = excluded.updated_by, updated_at = excluded.updated_at""")) {
                upsert.setString(1, tenantId);
                upsert.setBoolean(2, required);
                upsert.setString(3, actor);
                upsert.setObject(4, time(now));
                upsert.executeUpdate();
            }
        });
    }

    /** The rollout that runs or pauses on the target: the guard a start asks. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> running(String targetKey) {
        return returning(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select id from rollout where target_key = ? and status in ('running', 'paused')")) {
                select.setString(1, targetKey);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
                }
            }
        });
    }

    /** The rollout's groups in order, the dynamic last group included, with their counts. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<GroupRow> groups(UUID id) {
        return returning(connection -> groups(connection, id));
    }

    /**
     * A page of the rollout's devices in one state (all states when {@code null}), by MAC. The total is the group rows'
     * counts (and the rollout row's devices excluded before any group took them), which every save keeps, rather than
     * a count of 100,000 device rows; the page's MACs are found in an index alone ({@code rollout_device_by_state}, or
     * the primary key for all states), so skipping to a deep page reads index entries, not the rows skipped.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<DeviceRow> devices(UUID id, DeviceState state, int page, int size) {
        return returning(connection -> {
            long total = count(connection, id, state);
            List<DeviceRow> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select d.mac, d.group_position, d.state, d.reason, d.previous_version, d.offered_at, d.settled_at,
                           d.rolled_back_at
                    from (select mac from rollout_device where rollout_id = ?"""
                    + (state == null ? "" : " and state = ?") + """
                     order by mac limit ? offset ?) p
                    join rollout_device d on d.rollout_id = ? and d.mac = p.mac
                    order by d.mac""")) {
                int i = 0;
                select.setObject(++i, id);
                if (state != null) {
                    select.setString(++i, lower(state));
                }
                select.setInt(++i, size);
                select.setLong(++i, (long) page * size);
                select.setObject(++i, id);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String reason = rs.getString(4);
                        items.add(new DeviceRow(mac(rs.getLong(1)), rs.getInt(2),
                                upper(DeviceState.class, rs.getString(3)),
                                reason == null ? null : upper(Reason.class, reason), rs.getString(5), instant(rs, 6),
                                instant(rs, 7), instant(rs, 8)));
                    }
                }
            }
            return new Page<>(items, page, size, total);
        });
    }

    /** The rollout's devices in one state (all when {@code null}), from the counts its saves keep. */
    private static long count(Connection connection, UUID id, DeviceState state) throws SQLException {
        List<DeviceState> states = state == null ? List.of(DeviceState.values()) : List.of(state);
        String sum = String.join(" + ", states.stream().map(s -> "coalesce(sum(g." + lower(s) + "), 0)").toList());
        boolean excluded = states.contains(DeviceState.EXCLUDED);
        try (PreparedStatement count = connection.prepareStatement("select " + sum
                + (excluded ? " + (select r.excluded from rollout r where r.id = ?)" : "")
                + " from rollout_group g where g.rollout_id = ?")) {
            int i = 0;
            if (excluded) {
                count.setObject(++i, id);
            }
            count.setObject(++i, id);
            try (ResultSet rs = count.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    // ---- reading rows

    private Optional<Stored> read(UUID id, Optional<String> tenant, String lock) {
        return returning(connection -> read(connection, id, tenant, lock));
    }

    private Optional<Stored> read(Connection connection, UUID id, Optional<String> tenant, String lock)
            throws SQLException {
        String sql = "select " + ROLLOUT_COLUMNS + " from rollout where id = ?"
                + (tenant.isPresent() ? " and tenant_id = ?" : "") + lock;
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, id);
            if (tenant.isPresent()) {
                select.setString(2, tenant.get());
            }
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<GroupRow> groups = groups(connection, id);
                return Optional.of(stored(rs, groups));
            }
        }
    }

    private Stored stored(ResultSet rs, List<GroupRow> groupRows) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        String tenant = rs.getString("tenant_id");
        RolloutTarget.Kind kind = upper(RolloutTarget.Kind.class, rs.getString("kind"));
        String targetKey = rs.getString("target_key");
        String version = kind == RolloutTarget.Kind.RELEASE ? rs.getString("release_uvc")
                : rs.getObject("artifact_id", UUID.class).toString();
        RolloutTarget target = new RolloutTarget(kind, targetKey, version, rs.getString("firmware_version"));
        List<Group> groups = groupRows.subList(0, groupRows.size() - 1).stream()
                .map(g -> new Group(g.name(), g.share(), g.label(), g.conditions())).toList();
        Conditions conditions = new Conditions(rs.getInt("success_percent"),
                upper(Conditions.SuccessAction.class, rs.getString("success_action")), rs.getInt("error_percent"));
        LocalTime opens = rs.getObject("window_opens", LocalTime.class);
        MaintenanceWindow window = opens == null ? null : new MaintenanceWindow(opens,
                rs.getObject("window_closes", LocalTime.class), ZoneId.of(rs.getString("window_zone")));
        Rollout rollout = new Rollout(id, tenant, rs.getString("created_by"), target, groups, conditions,
                Duration.ofSeconds(rs.getLong("confirmation_window_seconds")), window,
                rs.getBoolean("approval_required"), instant(rs, "start_at"), rs.getInt("digest_refusal_limit"));
        RolloutRow row = new RolloutRow(rollout, rs.getString("profile"), rs.getObject("profile_id", UUID.class),
                rs.getString("vendor"), rs.getString("product"), rs.getString("channel"),
                fromJson(rs.getString("filter"), TargetFilter.class), rs.getObject("retry_of", UUID.class),
                rs.getInt("excluded"), instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "ended_at"),
                rs.getLong("version"));
        return new Stored(row, upper(RolloutStatus.class, rs.getString("status")), rs.getInt("current_group"),
                rs.getString("approved_by"), fromJson(rs.getString("pause_reasons"), PAUSE_REASONS),
                instant(rs, "clock_at"), groupRows);
    }

    private static List<GroupRow> groups(Connection connection, UUID id) throws SQLException {
        List<GroupRow> groups = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select position, name, share, label, success_percent, success_action, error_percent, status, started_at,
                       scheduled, offered, fetched, confirmed, failed, timed_out, excluded
                from rollout_group where rollout_id = ? order by position""")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String action = rs.getString("success_action");
                    Conditions conditions = action == null ? null : new Conditions(rs.getInt("success_percent"),
                            upper(Conditions.SuccessAction.class, action), rs.getInt("error_percent"));
                    Map<DeviceState, Integer> devices = new EnumMap<>(DeviceState.class);
                    for (DeviceState state : DeviceState.values()) {
                        int count = rs.getInt(lower(state));
                        if (count > 0) {
                            devices.put(state, count);
                        }
                    }
                    groups.add(new GroupRow(rs.getInt("position"), rs.getString("name"),
                            (Integer) rs.getObject("share"), rs.getString("label"), conditions,
                            upper(GroupStatus.class, rs.getString("status")), instant(rs, "started_at"), devices));
                }
            }
        }
        return groups;
    }

    // ---- helpers

    private static int setCounts(PreparedStatement statement, int i, GroupProgress group) throws SQLException {
        for (DeviceState state : DeviceState.values()) {
            statement.setInt(++i, group.count(state));
        }
        return i;
    }

    /** Devices excluded before any group took them: over all devices less those the groups count. */
    private static int excludedOutsideGroups(RolloutRun run) {
        int inGroups = run.groups().stream().mapToInt(g -> g.count(DeviceState.EXCLUDED)).sum();
        return run.total().getOrDefault(DeviceState.EXCLUDED, 0) - inGroups;
    }

    private static boolean settled(DeviceState state) {
        return state.settled();
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E upper(Class<E> type, String value) {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    }

    static String mac(long mac) {
        return String.format("%012x", mac);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }

    private <T> T fromJson(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read stored " + type.getSimpleName(), e);
        }
    }

    private <T> T fromJson(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read stored " + type.getType(), e);
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface ReturningWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private void work(Work work) {
        entityManager.unwrap(Session.class).doWork(work::run);
    }

    private <T> T returning(ReturningWork<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }
}
