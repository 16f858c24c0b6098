package org.telprov.provisioning.release;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.telprov.events.ReleasePublished;
import org.telprov.partner.Page;
import org.telprov.provisioning.firmware.FirmwareArtifacts;
import org.telprov.provisioning.profile.ContentCodec;
import org.telprov.provisioning.profile.Profile;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.ProfileService;
import org.telprov.provisioning.profile.ProfileView;
import org.telprov.provisioning.profile.ReleaseSwitches;
import org.telprov.provisioning.profile.SecretBox;
import org.telprov.provisioning.profile.Setting;
import org.telprov.provisioning.profile.TenantStamps;
import org.telprov.provisioning.profile.Uvc;
import org.telprov.support.outbox.Outbox;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** Publishes profiles as immutable UVC releases (rollbacks included), and reads and compares releases. */
@ApplicationScoped
public class ReleaseService {

    private final ProfileService profiles;
    private final SecretBox secrets;
    private final Outbox outbox;
    private final FirmwareArtifacts artifacts;
    private final PublishWarnings publishWarnings;
    private final PublishCheck check;
    private final Event<PublishingOutsideRollouts> publishing;
    private final TenantStamps stamps;
    private final ReleaseSwitches switches;

    public ReleaseService(ProfileService profiles, SecretBox secrets, Outbox outbox,
                          FirmwareArtifacts artifacts, PublishWarnings publishWarnings, PublishCheck check,
                          Event<PublishingOutsideRollouts> publishing, TenantStamps stamps, ReleaseSwitches switches) {
        this.profiles = profiles;
        this.switches = switches;
        this.stamps = stamps;
        this.publishing = publishing;
        this.check = check;
        this.publishWarnings = publishWarnings;
        this.secrets = secrets;
        this.outbox = outbox;
        this.artifacts = artifacts;
    }

    /**
     * Freezes the profile's content, or the content of release {@code from} (a rollback), as a new release with the
     * next UVC for the given audience, and publishes {@code provisioning.release.published} in the same transaction.
     *
     * @throws ProblemException 404 for an unknown profile or {@code from} release, 400 {@code unknown_artifact} when
     *                          the content names a firmware artifact id that is neither the tenant's nor the platform's
     *                          (a profile saved before save-time checks, or an old release rolled back to);
     *                          422 {@code unresolved_settings} when a device of the profile lacks a value the
     *                          content's templates refer to without a default ({@link PublishCheck}), a rollback's
     *                          and a staged release's content included (a staged release widens without a check)
     */
    @Transactional
    public ReleaseView publish(String tenantId, String name, String from, Audience audience, String actor) {
        if (!Audience.ROLLOUT.equals(audience.type())) {
            // a rollout of the profile is overtaken: its row is locked before the profile's
            publishing.fire(new PublishingOutsideRollouts(tenantId, name));
        }
        // The profile row's lock orders the publishes of one profile, so two in the same second get distinct UVCs.
        Profile profile = profiles.locked(tenantId, name);
        profiles.routingChanged(profile);
        String content = profile.content;
        if (from != null) {
            content = release(profile, from).content;
        }
        ProfileContent frozen = ContentCodec.fromJson(content);
        if (frozen.firmware() != null && frozen.firmware().artifactId() != null) {
            artifacts.requireUsable(tenantId, frozen.firmware().artifactId(), "firmware.artifactId");
        }
        // Checked for a rollback too: the old content meets today's devices and settings.
        check.require(tenantId, name, frozen);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // after the tenant's settings stamps as well, so that every device's own version moves (TenantStamps)
        Instant uvcAt = Uvc.next(now, profile.lastUvcAt, stamps.lock(tenantId, true).settings());
        Release release = new Release();
        release.id = UUID.randomUUID();
        release.profileId = profile.id;
        release.tenantId = tenantId;
        release.uvc = Uvc.format(uvcAt);
        release.content = content;
        release.rolledBackFrom = from;
        audience.applyTo(release);
        release.createdAt = now;
        release.createdBy = actor;
        release.persist();
        profile.lastUvcAt = uvcAt;

        ProfileContent.FirmwareRef firmware = frozen.firmware();
        outbox.publish(ReleasePublished.PUBLISHED.event(new ReleasePublished(tenantId, name, release.uvc, from,
                frozen.parameters().size(), frozen.overrides().size(), frozen.certificates().size(),
                firmware == null ? null : firmware.artifactId(), firmware == null ? null : firmware.channelKey(), now),
                now));
        return ReleaseView.of(release, name, publishWarnings.of(tenantId, frozen));
    }


    /**
     * Widens the audience of a staged release: to a larger percentage, or to all devices. The content stays as it is.
     *
     * @throws ProblemException 400 unless exactly one of {@code percent} (1 to 100) and {@code audience: "all"} is
     *                          given; 404 for an unknown profile or release; 409 {@code audience_not_wider} when the new
     *                          audience leaves out a device the release has now
     */
    @Transactional
    public ReleaseView widen(String tenantId, String name, String uvc, AudienceRequest request) {
        Audience wider = wider(request);
        // Under the profile row's lock, like a publish, so the devices' choice among releases changes one step at a time.
        Profile profile = profiles.locked(tenantId, name);
        profiles.routingChanged(profile);
        Release release = release(profile, uvc);
        Audience now = Audience.of(release);
        if (!now.within(wider)) {
            throw ProblemException.conflict("audience_not_wider", "release " + uvc + " is for " + describe(now)
                    + "; its audience can only widen (to a larger percentage, or to all)");
        }
        if (!now.equals(wider)) {
            wider.applyTo(release);
            // the devices it adds get it under their old version if their settings changed after its publish
            switches.widened(tenantId, name, new ReleaseSwitches.Widening(profile.id, wider.percent(), now.percent(),
                    now.label()), ReleaseSwitches.Cause.WIDEN);
        }
        return ReleaseView.of(release, name);
    }

    private static Audience wider(AudienceRequest request) {
        boolean percent = request.percent() != null;
        boolean all = request.audience() != null;
        if (percent == all) {
            throw ProblemException.badRequest("validation_failed",
                    "name either percent or audience \"all\"", percent ? "audience" : "percent");
        }
        if (all && !Audience.ALL.equals(request.audience())) {
            throw ProblemException.badRequest("validation_failed", "audience can only be \"all\"", "audience");
        }
        if (percent && (request.percent() < 1 || request.percent() > 100)) {
            throw ProblemException.badRequest("validation_failed", "percent is a whole number from 1 to 100", "percent");
        }
        return all ? Audience.all() : Audience.percent(request.percent());
    }

    private static String describe(Audience audience) {
        return switch (audience.type()) {
            case Audience.LABEL -> "label " + audience.label();
            case Audience.PERCENT -> audience.percent() + " percent";
            default -> "all devices";
        };
    }

    /**
     * The publish check of the profile's current content, without publishing: how many devices the profile has and a
     * page of those that lack a value, in MAC order.
     *
     * @throws ProblemException 404 for an unknown profile
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PublishCheckView check(String tenantId, String name, int page, int size) {
        ProfileContent content = ContentCodec.fromJson(profile(tenantId, name).content);
        PublishCheck.Result result = check.check(tenantId, name, content, (long) page * size, size, false);
        return new PublishCheckView(result.devices(),
                new Page<>(result.listed(), page, size, result.unresolved()));
    }

    /** The profile's releases, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ReleaseView> list(String tenantId, String name, int page, int size) {
        Profile profile = profile(tenantId, name);
        var query = Release.<Release>find("profileId", Sort.descending("uvc"), profile.id);
        List<ReleaseView> items = query.page(page, size).list().stream()
                .map(r -> ReleaseView.of(r, name)).toList();
        return new Page<>(items, page, size, query.count());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ReleaseView find(String tenantId, String name, String uvc) {
        return ReleaseView.of(release(profile(tenantId, name), uvc), name);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ReleaseDiff diff(String tenantId, String name, String fromUvc, String toUvc) {
        Profile profile = profile(tenantId, name);
        ProfileContent from = ContentCodec.fromJson(release(profile, fromUvc).content);
        ProfileContent to = ContentCodec.fromJson(release(profile, toUvc).content);
        ReleaseDiff.Parameters parameters = compare(from.parameters(), to.parameters());
        Map<String, ReleaseDiff.Parameters> overrides = new TreeMap<>();
        Set<String> macs = new TreeSet<>(from.overrides().keySet());
        macs.addAll(to.overrides().keySet());
        for (String mac : macs) {
            ReleaseDiff.Parameters changes = compare(from.overridesOf(mac), to.overridesOf(mac));
            if (!changes.isEmpty()) {
                overrides.put(mac, changes);
            }
        }
        boolean certificatesChanged = !from.certificates().stream().map(c -> c.name() + "=" + c.sha256()).toList()
                .equals(to.certificates().stream().map(c -> c.name() + "=" + c.sha256()).toList());
        boolean operationsChanged = !from.operations().equals(to.operations());
        ReleaseDiff.DialectChange dialect = from.dialect() == to.dialect() ? null
                : new ReleaseDiff.DialectChange(from.dialect(), to.dialect());
        return new ReleaseDiff(fromUvc, toUvc, dialect, parameters.added(), parameters.removed(), parameters.changed(),
                overrides, certificatesChanged, !Objects.equals(from.firmware(), to.firmware()),
                !from.references().equals(to.references()), compare(asParameters(from.settings()),
                        asParameters(to.settings())), operationsChanged,
                operationsChanged ? new ReleaseDiff.OperationsChange(from.operations(), to.operations()) : null);
    }

    private ReleaseDiff.Parameters compare(List<ProfileContent.Parameter> before, List<ProfileContent.Parameter> after) {
        Map<String, ProfileContent.Parameter> old = new LinkedHashMap<>();
        before.forEach(p -> old.put(p.name(), p));
        List<ProfileView.ParameterView> added = new ArrayList<>();
        List<ReleaseDiff.Change> changed = new ArrayList<>();
        for (ProfileContent.Parameter parameter : after) {
            ProfileContent.Parameter previous = old.remove(parameter.name());
            if (previous == null) {
                added.add(view(parameter));
            } else if (previous.secret() != parameter.secret() || !plain(previous).equals(plain(parameter))) {
                boolean secret = previous.secret() || parameter.secret();
                changed.add(new ReleaseDiff.Change(parameter.name(), secret ? null : previous.value(),
                        secret ? null : parameter.value(), secret));
            }
        }
        List<ProfileView.ParameterView> removed = old.values().stream().map(ReleaseService::view).toList();
        return new ReleaseDiff.Parameters(added, removed, changed);
    }

    private static List<ProfileContent.Parameter> asParameters(List<Setting> settings) {
        return settings.stream().map(s -> new ProfileContent.Parameter(s.name(), s.value(), s.secret())).toList();
    }

    private String plain(ProfileContent.Parameter parameter) {
        // Sealing the same secret twice gives different ciphertexts; compare what the device would get.
        return parameter.secret() ? secrets.open(parameter.value()) : parameter.value();
    }

    private static ProfileView.ParameterView view(ProfileContent.Parameter parameter) {
        return new ProfileView.ParameterView(parameter.name(), parameter.secret() ? null : parameter.value(),
                parameter.secret());
    }

    static Profile profile(String tenantId, String name) {
        return Profile.<Profile>find("tenantId = ?1 and name = ?2", tenantId, name).firstResultOptional()
                .orElseThrow(() -> ProfileService.notFound(name));
    }

    static Release release(Profile profile, String uvc) {
        return Release.<Release>find("profileId = ?1 and uvc = ?2", profile.id, uvc).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("release " + uvc + " of profile " + profile.name));
    }
}
