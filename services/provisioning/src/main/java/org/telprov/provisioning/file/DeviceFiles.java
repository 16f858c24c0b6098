package org.telprov.provisioning.file;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.auth.DeviceFileGuard;
import org.telprov.provisioning.profile.ProfileContent;

import java.util.Optional;

/**
 * The one way every dialect serves a device file: find the device's release, let the {@link DeviceFileGuard} decide
 * whether the caller may have the file, render it once per release (the {@link RenderCache}), record the check-in,
 * and answer with an ETag (304 on a match). Whatever the device does not get is an empty 404 that tells nothing.
 */
@ApplicationScoped
public class DeviceFiles {

    private final DeviceFileService devices;
    private final RenderCache cache;
    private final DeviceFileGuard guard;

    public DeviceFiles(DeviceFileService devices, RenderCache cache, DeviceFileGuard guard) {
        this.devices = devices;
        this.cache = cache;
        this.guard = guard;
    }

    /** Renders a device file from the device's release (the one with {@code uvc}, or its newest when null). */
    @FunctionalInterface
    public interface Renderer {
        Optional<RenderedFile> render(DeviceRelease device, ProfileContent content, String firmwareArtifact);
    }

    /**
     * A file of a device.
     *
     * @param macText the MAC as the URL has it (any accepted form)
     * @param uvc     the release the URL names, or {@code null} for the device's current one
     * @param variant the cache key's file part: {@code file}, plus whatever else changes the bytes
     * @param file    the file's name as check-ins and the guard know it, e.g. {@code nvm/settings.xml}
     */
    public Response serve(String macText, String uvc, String variant, String file, HttpServerRequest request,
                          Renderer render) {
        if (!MacAddress.isValid(macText)) {
            return notFound();
        }
        String mac = MacAddress.parse(macText).toString();
        Optional<DeviceRelease> found = devices.release(mac, uvc);
        if (found.isEmpty()) {
            return notFound();
        }
        DeviceRelease device = found.get();
        ProfileContent content = devices.content(device.releaseId());
        Optional<Response> refused = guard.refusal(device, content, file, request);
        if (refused.isPresent()) {
            return refused.get();
        }
        // A channel reference resolves to whatever the channel points at now: the artifact is part of the key.
        String firmware = devices.firmwareArtifact(device, content).orElse(null);
        String key = device.releaseId() + "/" + mac + "/" + device.model() + "/" + variant + "/" + firmware;
        Optional<RenderedFile> rendered = cache.get(key, () -> render.render(device, content, firmware));
        if (rendered.isEmpty()) {
            return notFound();
        }
        RenderedFile served = rendered.get();
        devices.fetched(device, file, request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.getHeader(HttpHeaders.USER_AGENT));
        if (served.matches(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
            return Response.notModified().header(HttpHeaders.ETAG, served.etag())
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
        }
        return Response.ok(served.body()).header(HttpHeaders.CONTENT_TYPE, served.contentType())
                .header(HttpHeaders.ETAG, served.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    public static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).build();
    }
}
