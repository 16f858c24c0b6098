package org.telprov.provisioning.file;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.provisioning.auth.DeviceFileGuard;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.release.DeviceReleases;
import org.telprov.provisioning.release.ResolvedRelease;
import org.telprov.provisioning.release.Uvc;
import org.telprov.support.probing.ProbeBudget;
import org.telprov.support.tenant.TenantStatuses;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way every dialect serves a device file: refuse an address without probing budget (429), find the device's
 * release ({@link DeviceReleases}; a miss spends budget), answer 404 unless its dialect has the file, let the
 * {@link DeviceFileGuard} decide whether the caller may have it, render it once per release (the {@link RenderCache}),
 * record the check-in (the {@link CheckinBuffer}), and answer with an ETag (304 on a match). Whatever the device does
 * not get is an empty 404 that tells nothing.
 */
@ApplicationScoped
public class DeviceFiles {

    private final DeviceReleases releases;
    private final RenderCache cache;
    private final CheckinBuffer checkins;
    private final DeviceFileGuard guard;
    private final ProvisioningConfig config;
    private final TenantStatuses tenants;
    private final ProbeBudget probing;

    public DeviceFiles(DeviceReleases releases, RenderCache cache,
                       CheckinBuffer checkins, DeviceFileGuard guard, ProvisioningConfig config,
                       TenantStatuses tenants, MeterRegistry registry) {
        this.releases = releases;
        this.cache = cache;
        this.checkins = checkins;
        this.guard = guard;
        this.config = config;
        this.tenants = tenants;
        this.probing = new ProbeBudget(config.probing(), "provisioning", registry);
    }

    /** Renders a device file from the device's release (the one with {@code uvc}, or its newest when null). */
    @FunctionalInterface
    public interface Renderer {
        Optional<RenderedFile> render(DeviceRelease device, ProfileContent content, String firmwareArtifact);
    }

    /** Computes where a device is sent for a file it fetches elsewhere, or empty when it gets none. */
    @FunctionalInterface
    public interface Target {
        Optional<String> location(DeviceRelease device, ProfileContent content, String firmwareArtifact);
    }

    /** Where the device's files are: {@code <public base URL>/prov/<mac>}. */
    public String base(String mac) {
        return config.publicBaseUrl() + DeviceFileResource.PATH + "/" + mac;
    }

    /** A file of one dialect; a device whose release has another dialect gets a 404. */
    public Response serve(String macText, String uvc, HttpServerRequest request, DeviceFile file) {
        return serve(macText, uvc, request, dialect -> dialect == file.dialect() ? file : null);
    }

    /**
     * The file the URL names in the dialect of the device's release.
     *
     * @param macText the MAC as the URL has it (any accepted form)
     * @param uvc     the release the URL names, or {@code null} for the device's current one
     * @param fileOf  the dialect's file at this URL, or {@code null} when the dialect has none there
     */
    public Response serve(String macText, String uvc, HttpServerRequest request, Function<Dialect, DeviceFile> fileOf) {
        String source = sourceAddress(request);
        if (!probing.allows(source)) {
            return limited();
        }
        Optional<ResolvedRelease> found = release(macText, uvc);
        if (found.isEmpty()) {
            return missed(source);
        }
        DeviceFile file = found.map(r -> fileOf.apply(r.content().dialect())).orElse(null);
        if (file == null) {
            return notFound();
        }
        DeviceRelease device = found.get().device();
        ProfileContent content = found.get().content();
        Optional<Response> refused = guard.refusal(device, content, file.file(), request);
        if (refused.isPresent()) {
            return refused.get();
        }
        // A channel reference resolves to whatever the channel points at now: the artifact is part of the key.
        String firmware = found.get().firmware();
        String key = device.releaseId() + "/" + device.mac() + "/" + device.vendor() + "/" + device.model() + "/"
                + file.variant() + "/" + firmware;
        Optional<RenderedFile> rendered = cache.get(key, () -> file.renderer().render(device, content, firmware));
        if (rendered.isEmpty()) {
            return notFound();
        }
        RenderedFile served = rendered.get();
        checkIn(device, file.file(), request);
        if (served.matches(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            return Response.notModified().header(HttpHeaders.ETAG, served.etag())
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
        }
        return Response.ok(served.body()).header(HttpHeaders.CONTENT_TYPE, served.contentType())
                .header(HttpHeaders.ETAG, served.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    /**
     * A {@code 302} to something served elsewhere (a firmware image on the firmware service), through the same
     * release lookup, dialect check, guard and check-in as a file; never cached, as the target expires.
     *
     * @param file the name check-ins and the guard know the redirect by
     */
    public Response redirect(String macText, HttpServerRequest request, Dialect dialect, String file, Target target) {
        String source = sourceAddress(request);
        if (!probing.allows(source)) {
            return limited();
        }
        Optional<ResolvedRelease> release = release(macText, null);
        if (release.isEmpty()) {
            return missed(source);
        }
        Optional<ResolvedRelease> found = release.filter(r -> r.content().dialect() == dialect);
        if (found.isEmpty()) {
            return notFound();
        }
        DeviceRelease device = found.get().device();
        ProfileContent content = found.get().content();
        Optional<Response> refused = guard.refusal(device, content, file, request);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<String> location = target.location(device, content, found.get().firmware());
        if (location.isEmpty()) {
            return notFound();
        }
        checkIn(device, file, request);
        return Response.status(Response.Status.FOUND).location(URI.create(location.get()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
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
        return releases.resolve(MacAddress.parse(macText).toString(), uvc)
                .filter(resolved -> tenants.status(resolved.device().tenantId()).active());
    }

    private void checkIn(DeviceRelease device, String file, HttpServerRequest request) {
        checkins.fetched(device, file, request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.getHeader(HttpHeaders.USER_AGENT));
    }

    /**
     * An answer that reveals nothing (no such device, release or UVC for it) spends the caller's probing budget, so
     * walking a MAC range is slow: the empty 404, or 429 once the budget is spent.
     */
    private Response missed(String source) {
        return probing.spend(source) ? notFound() : limited();
    }

    private static String sourceAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    /** The redirect service's answer to a prober: 429 with an empty body. */
    private static Response limited() {
        return Response.status(Response.Status.TOO_MANY_REQUESTS).build();
    }

    public static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).build();
    }
}
