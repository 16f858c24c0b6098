package org.telprov.provisioning.file;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.auth.DeviceFileGuard;
import org.telprov.provisioning.checkin.CheckinBuffer;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.Uvc;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.release.DeviceReleases;
import org.telprov.provisioning.release.ResolvedRelease;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.RenderedFile;
import org.telprov.support.probing.ProbeBudget;
import org.telprov.support.tenant.TenantStatuses;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * The one way every dialect serves a device file: refuse an address without probing budget (429), find the device's
 * release ({@link DeviceReleases}; a miss spends budget), answer 404 unless its dialect has the file, let the
 * {@link DeviceFileGuard} decide whether the caller may have it, render it once per release and share it across
 * devices ({@link DeviceRenders}), record the check-in (the {@link CheckinBuffer}), and answer with an ETag (304 on a
 * match). Whatever the device does not get is an empty 404 that tells nothing. Answers are {@link DeviceAnswer}s that
 * {@link DeviceFileRoute} writes, from memory on the event loop ({@link #serveFromMemory}) unless the database is
 * needed ({@link #serve}, on a worker thread).
 */
@ApplicationScoped
public class DeviceFiles {

    private final DeviceReleases releases;
    private final DeviceRenders renders;
    private final CheckinBuffer checkins;
    private final DeviceFileGuard guard;
    private final TenantStatuses tenants;
    private final ProbeBudget probing;

    public DeviceFiles(DeviceReleases releases, DeviceRenders renders,
                       CheckinBuffer checkins, DeviceFileGuard guard, ProvisioningConfig config,
                       TenantStatuses tenants, MeterRegistry registry) {
        this.releases = releases;
        this.renders = renders;
        this.checkins = checkins;
        this.guard = guard;
        this.tenants = tenants;
        this.probing = new ProbeBudget(config.probing(), "provisioning", registry);
    }

    /**
     * Whether the caller's address has probing budget left; without it every device file is the empty 429, asked
     * before anything else (from memory, on the event loop).
     */
    public boolean allows(HttpServerRequest request) {
        return probing.allows(sourceAddress(request));
    }

    /**
     * The answer to a MAC or UVC that is not one by its format (the empty 404, paid from the probing budget, or 429),
     * decided in memory without a lookup; empty when both are well-formed.
     */
    public Optional<DeviceAnswer> malformed(String macText, String uvc, HttpServerRequest request) {
        if (MacAddress.isValid(macText) && (uvc == null || Uvc.parse(uvc).isPresent())) {
            return Optional.empty();
        }
        return Optional.of(missed(sourceAddress(request)));
    }

    /**
     * The answer for the file the URL names in the dialect of the device's release: rendered (200, or 304 on a
     * matching {@code If-None-Match}), or for a redirect a {@code 302} (never cached, as the target expires), through
     * the same release lookup, dialect check, guard and check-in. May read and write the database (a release content
     * memory does not hold, the Digest guard's credential store): for a worker thread.
     *
     * @param macText the MAC as the URL has it (any accepted form)
     * @param uvc     the release the URL names, or {@code null} for the device's current one
     * @param files   the file at this URL of each dialect that has one there
     */
    public DeviceAnswer serve(String macText, String uvc, HttpServerRequest request, Map<Dialect, DeviceFile> files) {
        return answer(release(macText, uvc), request, files, true);
    }

    /**
     * {@link #serve} from memory alone, for the event loop: {@code null} when the answer needs the database (the
     * release's content is not in memory, or the Digest guard cannot decide from memory), which a worker then serves.
     * Nothing is spent, counted or consumed before it decides so.
     */
    public DeviceAnswer serveFromMemory(String macText, String uvc, HttpServerRequest request,
                                        Map<Dialect, DeviceFile> files) {
        if (!MacAddress.isValid(macText) || uvc != null && Uvc.parse(uvc).isEmpty()) {
            return answer(Optional.empty(), request, files, false);
        }
        DeviceReleases.HeldLookup held = releases.resolveHeld(MacAddress.parse(macText).toString(), uvc);
        return held.held() ? answer(active(held.release()), request, files, false) : null;
    }

    private DeviceAnswer answer(Optional<ResolvedRelease> found, HttpServerRequest request,
                                Map<Dialect, DeviceFile> files, boolean mayBlock) {
        if (found.isEmpty()) {
            return missed(sourceAddress(request));
        }
        Dialect dialect = found.get().content().dialect();
        DeviceFile file = files.get(dialect);
        if (file == null) {
            return DeviceAnswer.notFound(dialect, null);
        }
        DeviceRelease device = found.get().device();
        ProfileContent content = found.get().content();
        Optional<DeviceFileGuard.Refusal> refused;
        if (mayBlock) {
            refused = guard.refusal(device, content, file.file(), request);
        } else {
            DeviceFileGuard.Decision decision = guard.refusalFromMemory(device, content, file.file(), request);
            if (!decision.decided()) {
                return null;
            }
            refused = decision.refusal();
        }
        if (refused.isPresent()) {
            return DeviceAnswer.refused(dialect, file.file(), refused.get().challenges());
        }
        if (file.target() != null) {
            Optional<String> location = file.target().location(device, content, found.get().firmware());
            if (location.isEmpty()) {
                return DeviceAnswer.notFound(dialect, file.file());
            }
            checkIn(device, file.file(), request);
            return DeviceAnswer.found(dialect, file.file(), location.get());
        }
        Optional<RenderedFile> rendered = renders.render(file, device, content, found.get().firmware());
        if (rendered.isEmpty()) {
            return DeviceAnswer.notFound(dialect, file.file());
        }
        RenderedFile served = rendered.get();
        checkIn(device, file.file(), request);
        if (served.matches(request.getHeader("If-None-Match"))) {
            return DeviceAnswer.notModified(dialect, file.file(), served.etag());
        }
        return DeviceAnswer.served(dialect, file.file(), served);
    }

    /**
     * A file for a transport without HTTP (TFTP): what {@link #serve} answers, but with no Digest (the transport has
     * none; {@code allowed} says whether the tenant lets the dialect's files out without it) and the check-in left to
     * {@link Delivery#checkIn}, for once the file arrived whole. The same probing budget as HTTP: an address without
     * budget is {@link DeviceAnswer#limited()}, and an answer that reveals nothing spends it. For a worker thread.
     *
     * @param source  the caller's address
     * @param allowed whether the tenant (first argument) lets the dialect's files be served over the transport
     */
    public Delivery deliver(String macText, String uvc, String source, Map<Dialect, DeviceFile> files,
                            BiPredicate<String, Dialect> allowed) {
        if (!probing.allows(source)) {
            return new Delivery(DeviceAnswer.limited(), protocol -> { });
        }
        Optional<ResolvedRelease> found = release(macText, uvc);
        if (found.isEmpty()) {
            return new Delivery(missed(source), protocol -> { });
        }
        DeviceRelease device = found.get().device();
        ProfileContent content = found.get().content();
        Dialect dialect = content.dialect();
        DeviceFile file = files.get(dialect);
        if (file == null || !allowed.test(device.tenantId(), dialect)) {
            return new Delivery(DeviceAnswer.notFound(dialect, file == null ? null : file.file()), protocol -> { });
        }
        Consumer<String> checkIn = protocol -> checkins.fetched(device, file.file(), source, null, protocol);
        if (file.target() != null) {
            return new Delivery(file.target().location(device, content, found.get().firmware())
                    .map(location -> DeviceAnswer.found(dialect, file.file(), location))
                    .orElse(DeviceAnswer.notFound(dialect, file.file())), checkIn);
        }
        return new Delivery(renders.render(file, device, content, found.get().firmware())
                .map(served -> DeviceAnswer.served(dialect, file.file(), served))
                .orElse(DeviceAnswer.notFound(dialect, file.file())), checkIn);
    }

    /**
     * What {@link #deliver} answers, and how to record the check-in once the file was delivered (with the name of
     * the protocol it went over); the check-in does nothing unless the answer is a file.
     */
    public record Delivery(DeviceAnswer answer, Consumer<String> checkIn) {
    }

    /**
     * The device's release (the one with {@code uvc}, or its current one) with its content and firmware, from memory;
     * empty for an unknown MAC, for a device of a tenant that is not active, and without a lookup for a MAC or UVC
     * that is not one by its format (a client's invention never reaches a lookup).
     */
    private Optional<ResolvedRelease> release(String macText, String uvc) {
        if (!MacAddress.isValid(macText) || uvc != null && Uvc.parse(uvc).isEmpty()) {
            return Optional.empty();
        }
        return active(releases.resolve(MacAddress.parse(macText).toString(), uvc));
    }

    /** Only a device of an active tenant gets files: checked on every request, so a suspension holds at once. */
    private Optional<ResolvedRelease> active(Optional<ResolvedRelease> release) {
        return release.filter(resolved -> tenants.status(resolved.device().tenantId()).active());
    }

    private void checkIn(DeviceRelease device, String file, HttpServerRequest request) {
        checkins.fetched(device, file, request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.getHeader("User-Agent"));
    }

    /**
     * An answer that reveals nothing (no such device, release or UVC for it) spends the caller's probing budget, so
     * walking a MAC range is slow: the empty 404, or 429 once the budget is spent.
     */
    private DeviceAnswer missed(String source) {
        return probing.spend(source) ? DeviceAnswer.notFound() : DeviceAnswer.limited();
    }

    private static String sourceAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
