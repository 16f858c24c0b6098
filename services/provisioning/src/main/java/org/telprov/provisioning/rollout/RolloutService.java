package org.telprov.provisioning.rollout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.telprov.events.EventKind;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.events.RolloutSnapshot;
import org.telprov.partner.Page;
import org.telprov.provisioning.device.Device;
import org.telprov.provisioning.firmware.FirmwareArtifacts;
import org.telprov.provisioning.firmware.FirmwareChannelLookup;
import org.telprov.provisioning.profile.ContentCodec;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.Profile;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceReleases;
import org.telprov.provisioning.release.Release;
import org.telprov.provisioning.release.ReleasePin;
import org.telprov.provisioning.release.ResolvedRelease;
import org.telprov.support.outbox.Outbox;
import org.telprov.support.problem.ProblemException;
import org.telprov.support.tenant.TenantStatusTable;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Creates rollouts of a profile's release or of a product's firmware and applies a person's commands to them: each under the rollout row's lock,
 * the state machine's decisions written with the new state and the rollout's events (through the outbox) in one
 * transaction. Reads progress from the tables.
 */
@ApplicationScoped
public class RolloutService {

    private static final String FIRMWARE = "firmware";

    private final RolloutStore store;
    private final Outbox outbox;
    private final DeviceReleases releases;
    private final TenantStatusTable tenants;
    private final RolloutWriter writer;
    private final RolloutClock clock;
    private final FirmwareArtifacts artifacts;
    private final FirmwareChannelLookup channels;
    private final RolloutsConfig config;

    public RolloutService(RolloutStore store, Outbox outbox, DeviceReleases releases, TenantStatusTable tenants,
                          RolloutWriter writer, RolloutClock clock, FirmwareArtifacts artifacts,
                          FirmwareChannelLookup channels, RolloutsConfig config) {
        this.store = store;
        this.outbox = outbox;
        this.releases = releases;
        this.tenants = tenants;
        this.writer = writer;
        this.clock = clock;
        this.artifacts = artifacts;
        this.channels = channels;
        this.config = config;
    }

    /**
     * Plans a rollout, of a release of the tenant's profile over the profile's devices or of a firmware artifact over
     * the devices that get a product's channel (those the filter takes), and publishes {@code rollout.created}.
     *
     * @throws ProblemException 400 {@code validation_failed} for fields of the other kind, groups, times, a window or
     *                          a zone that break their rules, {@code unknown_profile} and {@code unknown_release} for a
     *                          profile or release the tenant does not have, {@code unknown_artifact} and
     *                          {@code unknown_channel} for an artifact or channel it cannot use; 409
     *                          {@code product_mismatch} for an artifact of another product, {@code already_on_channel}
     *                          for the artifact the channel names already
     */
    @Transactional
    public RolloutView create(String tenantId, RolloutRequest request, String actor) {
        Duration confirmation = confirmationWindow(request);
        if (FIRMWARE.equals(request.kind())) {
            return createFirmware(tenantId, request, confirmation, actor);
        }
        for (String field : new String[]{"vendor", "product", "channel", "artifactId"}) {
            if (firmwareField(request, field) != null) {
                throw ProblemException.badRequest("validation_failed", "a release rollout names no " + field
                        + " (kind firmware does)", field);
            }
        }
        if (request.profile() == null) {
            throw ProblemException.badRequest("validation_failed", "name the profile", "profile");
        }
        Profile profile = Profile.<Profile>find("tenantId = ?1 and name = ?2", tenantId, request.profile())
                .firstResultOptional().orElseThrow(() -> ProblemException.badRequest("unknown_profile",
                        "the tenant has no profile " + request.profile(), "profile"));
        Release release = forRollouts(release(profile, request.uvc()));
        Instant now = now();
        TargetFilter filter = filter(request.filter(), now);
        Rollout rollout = rollout(tenantId, actor, RolloutTarget.release(tenantId, profile.name, release.uvc), request,
                confirmation);
        List<TargetDevice> devices = targetDevices(profile, release, filter, null);
        return plan(new RolloutRow(rollout, profile.name, profile.id, null, null, null, filter, null, 0, now, null,
                null, 1), devices, now);
    }

    private RolloutView createFirmware(String tenantId, RolloutRequest request, Duration confirmation, String actor) {
        if (request.profile() != null || request.uvc() != null) {
            String field = request.profile() != null ? "profile" : "uvc";
            throw ProblemException.badRequest("validation_failed", "a firmware rollout names no " + field
                    + " (its devices are the product's that get the channel)", field);
        }
        for (String field : new String[]{"vendor", "product", "channel", "artifactId"}) {
            if (firmwareField(request, field) == null) {
                throw ProblemException.badRequest("validation_failed", "a firmware rollout names its " + field, field);
            }
        }
        FirmwareArtifacts.Artifact artifact = artifacts.find(tenantId, request.artifactId())
                .orElseThrow(() -> ProblemException.badRequest("unknown_artifact", "no firmware artifact "
                        + request.artifactId() + " of this tenant or platform-wide", "artifactId"));
        if (!artifact.vendor().equals(request.vendor()) || !artifact.product().equals(request.product())) {
            throw ProblemException.conflict("product_mismatch", "artifact " + artifact.id() + " is firmware for "
                    + artifact.vendor() + "/" + artifact.product() + ", not " + request.vendor() + "/"
                    + request.product());
        }
        FirmwareArtifactRef current = channels.resolve(tenantId, request.vendor(), request.product(),
                request.channel()).orElseThrow(() -> ProblemException.badRequest("unknown_channel", "product "
                + request.vendor() + "/" + request.product() + " has no channel " + request.channel()
                + " of this tenant or platform-wide", "channel"));
        if (artifact.id().equals(current.artifactId())) {
            throw ProblemException.conflict("already_on_channel", "channel " + request.channel()
                    + " names artifact " + artifact.id() + " already: its devices get it");
        }
        RolloutTarget target = RolloutTarget.firmware(tenantId, request.vendor(), request.product(), request.channel(),
                artifact.id(), artifact.version());
        // the devices' previous versions are read now: not while the channel is about to move
        catchingUp(tenantId, request.vendor(), request.product(), request.channel(), target.key())
                .ifPresent(refused -> {
                    throw ProblemException.conflict(refused.code(), refused.getMessage());
                });
        Instant now = now();
        TargetFilter filter = filter(request.filter(), now);
        Rollout rollout = rollout(tenantId, actor, target, request, confirmation);
        List<TargetDevice> devices = firmwareDevices(tenantId, request.vendor(), request.product(), request.channel(),
                filter, null);
        return plan(new RolloutRow(rollout, null, null, request.vendor(), request.product(), request.channel(), filter,
                null, 0, now, null, null, 1), devices, now);
    }

    private Rollout rollout(String tenantId, String actor, RolloutTarget target, RolloutRequest request,
                            Duration confirmation) {
        try {
            return new Rollout(UUID.randomUUID(), tenantId, actor, target, groups(request),
                    new Conditions(request.successPercent(), action(request.successAction()), request.errorPercent()),
                    confirmation, window(request.maintenanceWindow(), tenants.zone(tenantId)),
                    Boolean.TRUE.equals(request.approvalRequired()) || store.approvalRequired(tenantId),
                    startAt(request.startAt()),
                    request.digestRefusalLimit() == null ? Rollout.DEFAULT_DIGEST_REFUSAL_LIMIT
                            : request.digestRefusalLimit());
        } catch (IllegalArgumentException e) {
            // the rules the records hold themselves, checked again here so that no request reaches them unchecked
            throw ProblemException.badRequest("validation_failed", e.getMessage(), "groups");
        }
    }

    /**
     * A new rollout of the same change, conditions and groups over the devices of this one that failed or timed out
     * and are still its target's (on the profile; of the product and getting the channel); publishes
     * {@code rollout.created}.
     *
     * @throws ProblemException 404 for an unknown rollout or another tenant's; 409 {@code no_failed_devices}
     */
    @Transactional
    public RolloutView retryFailed(String tenantId, UUID id, String actor) {
        RolloutStore.Stored old = store.find(id, Optional.of(tenantId)).orElseThrow(() -> notFound(id));
        RolloutRow row = old.row();
        Set<String> failed = new HashSet<>();
        for (DeviceState state : List.of(DeviceState.FAILED, DeviceState.TIMED_OUT)) {
            for (int page = 0; ; page++) {
                Page<RolloutStore.DeviceRow> rows = store.devices(id, state, page, 5000);
                rows.items().forEach(d -> failed.add(d.mac()));
                if ((long) (page + 1) * 5000 >= rows.total()) {
                    break;
                }
            }
        }
        Profile profile = null;
        Instant now = now();
        // the same filter, its last-seen bound counted from the retry's creation: devices dead since are left out
        TargetFilter filter = row.filter().createdAt(now);
        List<TargetDevice> devices;
        if (row.rollout().target().kind() == RolloutTarget.Kind.FIRMWARE) {
            devices = firmwareDevices(tenantId, row.vendor(), row.product(), row.channel(), filter, failed);
        } else {
            profile = Profile.<Profile>find("tenantId = ?1 and name = ?2", tenantId, row.profile())
                    .firstResultOptional().orElseThrow(() -> ProblemException.conflict("unknown_profile",
                            "profile " + row.profile() + " no longer exists"));
            Release release = forRollouts(release(profile, row.rollout().target().version()));
            devices = targetDevices(profile, release, filter, failed);
        }
        if (devices.isEmpty()) {
            throw ProblemException.conflict("no_failed_devices",
                    "rollout " + id + " has no failed device that is still " + (profile == null
                            ? "of product " + row.vendor() + "/" + row.product() + " on channel " + row.channel()
                            : "on profile " + row.profile()));
        }
        Rollout before = row.rollout();
        Rollout rollout = new Rollout(UUID.randomUUID(), tenantId, actor, before.target(), before.groups(),
                before.conditions(), before.confirmationWindow(), before.maintenanceWindow(),
                before.approvalRequired(), null, before.digestRefusalLimit());
        return plan(new RolloutRow(rollout, row.profile(), profile == null ? null : profile.id, row.vendor(),
                row.product(), row.channel(), filter, id, 0, now, null, null, 1), devices, now);
    }

    private RolloutView plan(RolloutRow row, List<TargetDevice> devices, Instant now) {
        Rollout rollout = row.rollout();
        RolloutRun run = RolloutRun.plan(rollout, devices, store::running);
        store.insert(row, run, now);
        RolloutStore.Stored stored = store.find(rollout.id(), Optional.empty()).orElseThrow();
        outbox.publish(RolloutSnapshot.CREATED.event(RolloutWriter.snapshot(stored, run, now), now));
        return RolloutView.of(stored);
    }

    /** Approval by a partner-admin other than the creator, or the operator; publishes {@code rollout.approved}. */
    @Transactional
    public RolloutView approve(UUID id, Optional<String> tenant, String actor) {
        return command(id, tenant, (run, now) -> run.approve(actor), RolloutSnapshot.APPROVED);
    }

    /**
     * @throws ProblemException 409 {@code overtaken} for a rollout whose change was overtaken before its start (it is
     *                          left as it is: cancel it), {@code channel_catching_up} while its channel has not yet
     *                          moved to the artifact of its previous rollout that finished, besides the state
     *                          machine's refusals
     */
    @Transactional
    public RolloutView start(UUID id, Optional<String> tenant) {
        RolloutStore.Stored stored = store.lock(id, tenant).orElseThrow(() -> notFound(id));
        if (stored.status() == RolloutStatus.READY) {
            startRefused(stored.row()).ifPresent(refused -> {
                throw ProblemException.conflict(refused.code(), refused.getMessage());
            });
        }
        return command(id, tenant, (run, now) -> run.start(now), RolloutSnapshot.STARTED);
    }

    /**
     * Why a rollout ready to start must not start now, the same for a person's start and for the scheduler's at the
     * start time: {@code overtaken} for a release rollout whose profile has a newer release that its devices get
     * outside rollouts (published for all, a share or a label, a rollback, or widened by a finished rollout), as a
     * publish overtakes a running rollout: every device it would offer its release gets the newer one, so it would
     * only count the newer release's fetches; {@code channel_catching_up} for a firmware rollout while the firmware
     * service has not yet moved its channel to the artifact of the channel's previous rollout that finished: that
     * move, announced after this start, would overtake it. Empty when it may start. (A firmware rollout whose channel
     * moved to another artifact before its start was overtaken by that move already, {@link RolloutOvertaking}.)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<RolloutRefused> startRefused(RolloutRow row) {
        RolloutTarget target = row.rollout().target();
        if (target.kind() == RolloutTarget.Kind.FIRMWARE) {
            return catchingUp(row.rollout().tenantId(), row.vendor(), row.product(), row.channel(), target.key());
        }
        if (row.profileId() == null) {
            return Optional.empty();
        }
        return newerOutsideRollouts(row.profileId(), target.version()).map(newer -> new RolloutRefused(OVERTAKEN,
                "release " + target.version() + " of profile " + row.profile() + " was overtaken by release "
                        + newer.uvc + ", which its devices get outside rollouts: cancel this rollout"));
    }

    /** Starting or creating a rollout of a release older than one its devices get outside rollouts. */
    static final String OVERTAKEN = "overtaken";
    /** Starting or creating a firmware rollout before the channel caught up with its previous rollout's finish. */
    static final String CHANNEL_CATCHING_UP = "channel_catching_up";

    /** The newest release of the profile newer than {@code uvc} that is not for rollouts alone. */
    private static Optional<Release> newerOutsideRollouts(UUID profileId, String uvc) {
        return Release.<Release>find("profileId = ?1 and uvc > ?2 and audienceRollout = false order by uvc desc",
                profileId, uvc).firstResultOptional();
    }

    /**
     * The channel has not yet moved to the artifact of its newest finished rollout (the firmware service moves it on
     * {@code rollout.finished}, a moment later): a rollout started or created meanwhile would be overtaken by that
     * move, or planned against the channel's older artifact.
     */
    private Optional<RolloutRefused> catchingUp(String tenantId, String vendor, String product, String channel,
                                                String key) {
        Optional<String> finished = store.finishedNotCaughtUp(key);
        if (finished.isEmpty()) {
            return Optional.empty();
        }
        String named = channels.resolve(tenantId, vendor, product, channel).map(FirmwareArtifactRef::artifactId)
                .orElse(null);
        if (finished.get().equals(named)) {
            return Optional.empty();
        }
        return Optional.of(new RolloutRefused(CHANNEL_CATCHING_UP, "channel " + channel + " still names artifact "
                + named + ": the firmware service has not yet moved it to artifact " + finished.get()
                + " of the rollout that finished on it; try again in a moment (should it never move, for instance "
                + "because that artifact is no longer the tenant's to use, move the channel by hand)"));
    }

    @Transactional
    public RolloutView pause(UUID id, Optional<String> tenant) {
        return command(id, tenant, (run, now) -> run.pause(), null);
    }

    @Transactional
    public RolloutView resume(UUID id, Optional<String> tenant) {
        return command(id, tenant, (run, now) -> run.resume(now), null);
    }

    @Transactional
    public RolloutView nextGroup(UUID id, Optional<String> tenant) {
        return command(id, tenant, (run, now) -> run.nextGroup(now), null);
    }

    @Transactional
    public RolloutView cancel(UUID id, Optional<String> tenant) {
        return command(id, tenant, (run, now) -> run.cancel(), null);
    }

    @Transactional
    public RolloutView stopAndRollBack(UUID id, Optional<String> tenant) {
        return command(id, tenant, (run, now) -> run.stopAndRollBack(), null);
    }

    /**
     * Applies one command under the rollout row's lock; writes its decisions, the new state and one event per
     * decision that a consumer can see ({@code first}, when given, before them) in this transaction.
     *
     * @throws ProblemException 404 for an unknown rollout or another tenant's; 409 with the refusal's code
     */
    private RolloutView command(UUID id, Optional<String> tenant,
                                BiFunction<RolloutRun, Instant, List<Decision>> command, EventKind<RolloutSnapshot> first) {
        RolloutStore.Stored stored = store.lock(id, tenant).orElseThrow(() -> notFound(id));
        RolloutRun run = store.load(stored);
        Instant now = now();
        try {
            return RolloutView.of(writer.write(stored, run, command.apply(run, now), now, first));
        } catch (RolloutRefused refused) {
            throw ProblemException.conflict(refused.code(), refused.getMessage());
        }
    }

    /** The tenant's rollout policy: whether every rollout of it waits for a second person's approval. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public RolloutPolicy policy(String tenantId) {
        return new RolloutPolicy(store.approvalRequired(tenantId));
    }

    @Transactional
    public RolloutPolicy replacePolicy(String tenantId, RolloutPolicy policy, String actor) {
        if (policy.approvalRequired() == null) {
            throw ProblemException.badRequest("validation_failed", "name approvalRequired", "approvalRequired");
        }
        store.approvalRequired(tenantId, policy.approvalRequired(), actor, now());
        return policy;
    }

    // ---- reads

    @Transactional(Transactional.TxType.SUPPORTS)
    public RolloutView find(UUID id, Optional<String> tenant) {
        RolloutStore.Stored stored = store.find(id, tenant).orElseThrow(() -> notFound(id));
        return RolloutView.of(stored);
    }

    /** The rollouts of the tenant (every tenant's for the operator), newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<RolloutView> list(Optional<String> tenant, int page, int size) {
        Page<RolloutStore.Stored> rollouts = store.list(tenant, page, size);
        return new Page<>(rollouts.items().stream().map(RolloutView::of).toList(),
                page, size, rollouts.total());
    }

    /** A page of the rollout's devices in one state (every state when {@code null}), by MAC. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<RolloutDeviceView> devices(UUID id, Optional<String> tenant, DeviceState state, int page, int size) {
        store.find(id, tenant).orElseThrow(() -> notFound(id));
        Page<RolloutStore.DeviceRow> rows = store.devices(id, state, page, size);
        return new Page<>(rows.items().stream().map(RolloutDeviceView::of).toList(), page, size, rows.total());
    }

    // ---- the target's devices

    /**
     * The devices of these MACs as the rollout would take them now: a release rollout's with its release's dialect,
     * labels, pin and the UVC they get now (empty when its profile or release no longer exists); a firmware rollout's
     * as its start takes them ({@link #firmwareDevices}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    List<TargetDevice> targetDevices(RolloutRow row, Set<String> macs) {
        if (row.rollout().target().kind() == RolloutTarget.Kind.FIRMWARE) {
            return firmwareDevices(row.rollout().tenantId(), row.vendor(), row.product(), row.channel(), row.filter(),
                    macs);
        }
        Profile profile = row.profileId() == null ? null : Profile.findById(row.profileId());
        if (profile == null) {
            return List.of();
        }
        return Release.<Release>find("profileId = ?1 and uvc = ?2", profile.id, row.rollout().target().version())
                .firstResultOptional().map(release -> targetDevices(profile, release, row.filter(), macs))
                .orElse(List.of());
    }

    /**
     * The profile's devices the filter takes ({@code only}: of these MACs), with the release's dialect, their labels,
     * whether pinned on the profile, and the UVC they get now (what an emergency stop gives back).
     */
    private List<TargetDevice> targetDevices(Profile profile, Release release, TargetFilter filter, Set<String> only) {
        Dialect dialect = ContentCodec.fromJson(release.content).dialect();
        Set<String> pinned = new HashSet<>(ReleasePin.getEntityManager().createQuery(
                        "select p.key.mac from ReleasePin p where p.key.profileId = ?1", String.class)
                .setParameter(1, profile.id).getResultList());
        List<TargetDevice> devices = new ArrayList<>();
        // rows, not entities: 100,000 managed devices would cost a dirty check each at commit
        List<Object[]> rows = Device.getEntityManager().createQuery("""
                        select d.mac, d.model, d.labels, s.seenAt from Device d
                        left join DeviceSeen s on s.mac = d.mac and s.tenantId = d.tenantId
                        where d.tenantId = ?1 and d.profile = ?2 and d.released = false order by d.mac""",
                        Object[].class)
                .setParameter(1, profile.tenantId).setParameter(2, profile.name).getResultList();
        for (Object[] row : rows) {
            String mac = (String) row[0];
            String labelText = (String) row[2];
            Set<String> labels = labelText == null || labelText.isEmpty() ? Set.of()
                    : new HashSet<>(Arrays.asList(labelText.split(",")));
            if ((only == null || only.contains(mac))
                    && filter.matches(mac, (String) row[1], labels, (Instant) row[3])) {
                String previous = releases.resolve(mac, null).map(r -> r.device().uvc()).orElse(null);
                devices.add(new TargetDevice(mac, dialect, labels, pinned.contains(mac), previous));
            }
        }
        return devices;
    }

    /**
     * The tenant's devices of the product (their vendor and model those of the product, case-insensitive) that the
     * filter takes ({@code only}: of these MACs), each with its release's dialect and the artifact it gets now (what an
     * emergency stop gives back). A device whose dialect receives firmware is the rollout's only when its release gives
     * it firmware through this channel (any other gets nothing from the channel); one whose dialect does not is taken,
     * to be excluded {@code unsupported_dialect}.
     */
    private List<TargetDevice> firmwareDevices(String tenantId, String vendor, String product, String channel,
                                               TargetFilter filter, Set<String> only) {
        List<TargetDevice> devices = new ArrayList<>();
        // rows, not entities, as for a release rollout
        List<Object[]> rows = Device.getEntityManager().createQuery("""
                        select d.mac, d.model, d.labels, s.seenAt from Device d
                        left join DeviceSeen s on s.mac = d.mac and s.tenantId = d.tenantId
                        where d.tenantId = ?1 and lower(d.vendor) = ?2 and lower(d.model) = ?3 and d.released = false
                          and d.profile is not null order by d.mac""", Object[].class)
                .setParameter(1, tenantId).setParameter(2, vendor.toLowerCase(Locale.ROOT))
                .setParameter(3, product.toLowerCase(Locale.ROOT)).getResultList();
        for (Object[] row : rows) {
            String mac = (String) row[0];
            String labelText = (String) row[2];
            Set<String> labels = labelText == null || labelText.isEmpty() ? Set.of()
                    : new HashSet<>(Arrays.asList(labelText.split(",")));
            if ((only != null && !only.contains(mac))
                    || !filter.matches(mac, (String) row[1], labels, (Instant) row[3])) {
                continue;
            }
            Optional<ResolvedRelease> resolved = releases.resolve(mac, null);
            if (resolved.isEmpty() || !takes(resolved.get().content(), vendor, product, channel)) {
                continue;
            }
            ProfileContent content = resolved.get().content();
            devices.add(new TargetDevice(mac, content.dialect(), labels, false, resolved.get().firmware()));
        }
        return devices;
    }

    /**
     * Whether a firmware rollout of the channel takes a device of its product on a release with this content: the
     * one rule of its start and of its joins and leaves. A dialect that gets firmware from the platform is taken when
     * the release names that channel of the product (any other gets nothing from the channel); one that does not is
     * taken, to be excluded {@code unsupported_dialect}.
     */
    static boolean takes(ProfileContent content, String vendor, String product, String channel) {
        return !CheckinRules.receivesFirmware(content.dialect()) || getsChannel(content, vendor, product, channel);
    }

    /** Whether the release gives its devices firmware through that channel of the product. */
    private static boolean getsChannel(ProfileContent content, String vendor, String product, String channel) {
        ProfileContent.FirmwareRef firmware = content.firmware();
        return CheckinRules.receivesFirmware(content.dialect()) && firmware != null && firmware.artifactId() == null
                && vendor.equals(firmware.vendor()) && product.equals(firmware.product())
                && channel.equals(firmware.channel());
    }

    /**
     * The devices of the running firmware rollout's product that it does not hold (or holds as having left) and that
     * its start would take by their release now ({@link #takes}), for the filter to take or not. One statement over
     * the product's devices and the rollout's ({@link RolloutStore#productMembers}), then each candidate's release from
     * memory ({@link DeviceReleases#currentContent}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    List<RolloutStore.Candidate> channelCandidates(RolloutRow row) {
        List<RolloutStore.Candidate> candidates = new ArrayList<>();
        for (RolloutStore.Member member : store.productMembers(row.id(), row.rollout().tenantId(), row.vendor(),
                row.product())) {
            if (member.candidate() != null && !member.holds()
                    && releases.currentContent(member.mac()).map(content -> takes(content, row.vendor(),
                    row.product(), row.channel())).orElse(false)) {
                candidates.add(member.candidate());
            }
        }
        return candidates;
    }

    /**
     * The firmware rollout's devices (not excluded) that left its target: no longer of its product (another vendor or
     * model, released, without a profile) or on a release that no longer gives them firmware through its channel
     * (moved to a profile of another channel, of an artifact by id, or of a dialect without firmware).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    List<String> channelLeaving(RolloutRow row) {
        List<String> leaving = new ArrayList<>();
        for (RolloutStore.Member member : store.productMembers(row.id(), row.rollout().tenantId(), row.vendor(),
                row.product())) {
            if (member.held() && (member.candidate() == null
                    || !releases.currentContent(member.mac()).map(content -> getsChannel(content, row.vendor(),
                    row.product(), row.channel())).orElse(false))) {
                leaving.add(member.mac());
            }
        }
        return leaving;
    }

    /**
     * The confirmation window of the request: {@code confirmationMinutes} or {@code confirmationSeconds}, at least
     * {@code telprov.rollouts.minimum-confirmation-window}.
     */
    private Duration confirmationWindow(RolloutRequest request) {
        boolean minutes = request.confirmationMinutes() != null;
        if (minutes == (request.confirmationSeconds() != null)) {
            throw ProblemException.badRequest("validation_failed",
                    "name either confirmationMinutes or confirmationSeconds",
                    minutes ? "confirmationSeconds" : "confirmationMinutes");
        }
        Duration window = minutes ? Duration.ofMinutes(request.confirmationMinutes())
                : Duration.ofSeconds(request.confirmationSeconds());
        Duration minimum = config.minimumConfirmationWindow();
        if (window.compareTo(minimum) < 0) {
            throw ProblemException.badRequest("validation_failed", "the confirmation window is at least "
                    + minimum.toSeconds() + " seconds", minutes ? "confirmationMinutes" : "confirmationSeconds");
        }
        return window;
    }

    private static String firmwareField(RolloutRequest request, String field) {
        return switch (field) {
            case "vendor" -> request.vendor();
            case "product" -> request.product();
            case "channel" -> request.channel();
            default -> request.artifactId();
        };
    }

    // ---- the request

    private static Release release(Profile profile, String uvc) {
        if (uvc == null) {
            return Release.<Release>find("profileId = ?1 order by uvc desc", profile.id).firstResultOptional()
                    .orElseThrow(() -> ProblemException.badRequest("unknown_release",
                            "profile " + profile.name + " has no release yet", "uvc"));
        }
        return Release.<Release>find("profileId = ?1 and uvc = ?2", profile.id, uvc).firstResultOptional()
                .orElseThrow(() -> ProblemException.badRequest("unknown_release",
                        "profile " + profile.name + " has no release " + uvc, "uvc"));
    }

    /**
     * @throws ProblemException 409 {@code not_for_rollout} for a release every device of its audience gets already,
     *                          {@code overtaken} for one older than a release the profile's devices get outside
     *                          rollouts
     */
    private static Release forRollouts(Release release) {
        if (!release.audienceRollout) {
            throw ProblemException.conflict("not_for_rollout", "release " + release.uvc + " is not for rollouts "
                    + "(publish it with ?audience=rollout): its audience gets it already");
        }
        newerOutsideRollouts(release.profileId, release.uvc).ifPresent(newer -> {
            throw ProblemException.conflict(OVERTAKEN, "release " + release.uvc + " is older than release "
                    + newer.uvc + ", which the profile's devices get outside rollouts");
        });
        return release;
    }

    private static List<Group> groups(RolloutRequest request) {
        if ((request.groupCount() == null) == (request.groups() == null)) {
            throw ProblemException.badRequest("validation_failed", "name either groupCount or groups",
                    request.groups() == null ? "groupCount" : "groups");
        }
        if (request.groupCount() != null) {
            return Rollout.equalGroups(request.groupCount());
        }
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < request.groups().size(); i++) {
            RolloutRequest.GroupRequest group = request.groups().get(i);
            String field = "groups[" + i + "]";
            if ((group.share() == null) == (group.label() == null)) {
                throw ProblemException.badRequest("validation_failed", "a group has either a share or a label",
                        field);
            }
            String name = group.name() == null ? String.valueOf(i + 1) : group.name();
            if (RolloutRun.DYNAMIC_GROUP.equals(name)) {
                throw ProblemException.badRequest("validation_failed",
                        "\"" + RolloutRun.DYNAMIC_GROUP + "\" names the group of devices that join later", field);
            }
            boolean own = group.successPercent() != null || group.successAction() != null
                    || group.errorPercent() != null;
            if (own && (group.successPercent() == null || group.errorPercent() == null)) {
                throw ProblemException.badRequest("validation_failed",
                        "a group's own conditions name successPercent and errorPercent", field);
            }
            Conditions conditions = own ? new Conditions(group.successPercent(), action(group.successAction()),
                    group.errorPercent()) : null;
            groups.add(new Group(name, group.share(), group.label(), conditions));
        }
        return groups;
    }

    private static Conditions.SuccessAction action(String action) {
        return "wait".equals(action) ? Conditions.SuccessAction.WAIT : Conditions.SuccessAction.NEXT_GROUP;
    }

    /** The request's filter for a rollout created at {@code now}, which its last-seen bound is counted from. */
    private static TargetFilter filter(RolloutRequest.FilterRequest filter, Instant now) {
        return filter == null ? TargetFilter.ALL : TargetFilter.of(filter.models(), filter.labels(),
                filter.macPrefix(), filter.seenWithinDays(), now);
    }

    /** The window of the request, in its zone or else the tenant's. */
    private static MaintenanceWindow window(RolloutRequest.WindowRequest window, ZoneId tenantZone) {
        if (window == null) {
            return null;
        }
        LocalTime opens = time(window.opens(), "maintenanceWindow.opens");
        LocalTime closes = time(window.closes(), "maintenanceWindow.closes");
        if (opens.equals(closes)) {
            throw ProblemException.badRequest("validation_failed", "a maintenance window opens and closes at "
                    + "different times", "maintenanceWindow.closes");
        }
        ZoneId zone = tenantZone;
        if (window.zone() != null) {
            try {
                zone = ZoneId.of(window.zone());
            } catch (DateTimeException e) {
                throw ProblemException.badRequest("validation_failed", "unknown time zone " + window.zone(),
                        "maintenanceWindow.zone");
            }
        }
        return new MaintenanceWindow(opens, closes, zone);
    }

    private static LocalTime time(String text, String field) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("validation_failed", "a time of day, HH:MM", field);
        }
    }

    private static Instant startAt(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("validation_failed", "an ISO-8601 instant such as 2026-12-08T02:00:00Z",
                    "startAt");
        }
    }

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MICROS);
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.notFound("rollout " + id);
    }
}
