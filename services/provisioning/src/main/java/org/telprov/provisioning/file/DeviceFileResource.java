package org.telprov.provisioning.file;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.events.MacAddress;
import org.telprov.provisioning.profile.ProfileContent;

import java.time.Instant;
import java.util.Optional;

/**
 * The files devices fetch, without tokens, under their own MAC: {@code /prov/<mac>/} (the directory answers
 * {@code provisioning.xml}), {@code /prov/<mac>/<category>/updates.xml}, {@code /prov/<mac>/nvm/<uvc>/settings.xml}
 * and {@code /prov/<mac>/custom/<uvc>/<name>.pem}. Anything the device does not get (unknown or released MAC, no
 * profile, no release, a category the release lacks) is an empty 404 that tells nothing.
 */
@Path(DeviceFileResource.PATH + "/{mac}")
@Tag(name = "Device files", description = "Gigaset Maxwell 1.0 files for devices; no token")
public class DeviceFileResource {

    public static final String PATH = "/prov";

    private final DeviceFileService devices;
    private final MaxwellFiles maxwell;
    private final RenderCache cache;

    public DeviceFileResource(DeviceFileService devices, MaxwellFiles maxwell, RenderCache cache) {
        this.devices = devices;
        this.maxwell = maxwell;
        this.cache = cache;
    }

    @GET
    @Operation(summary = "The device's provisioning.xml (directory URL)")
    public Response directory(@PathParam("mac") String mac, @Context HttpServerRequest request) {
        return provisioning(mac, request);
    }

    @GET
    @Path("/" + MaxwellFiles.PROVISIONING)
    @Operation(summary = "The device's provisioning.xml: one category per category its release has")
    public Response provisioning(@PathParam("mac") String mac, @Context HttpServerRequest request) {
        return serve(mac, null, MaxwellFiles.PROVISIONING, request,
                (device, content, firmware) -> Optional.of(maxwell.provisioning(device, content, firmware)));
    }

    @GET
    @Path("/{category:firmware|nvm|custom}/" + MaxwellFiles.UPDATES)
    @Operation(summary = "A category's updates.xml, naming the release's UVC")
    public Response updates(@PathParam("mac") String mac, @PathParam("category") String category,
                            @Context HttpServerRequest request) {
        Instant now = Instant.now();
        String file = category + "/" + MaxwellFiles.UPDATES;
        // Firmware links expire: their window is part of the key, so a new window renders a new link.
        String variant = MaxwellFiles.FIRMWARE.equals(category) ? file + "@" + maxwell.linkWindow(now) : file;
        return serve(mac, null, variant, file, request,
                (device, content, firmware) -> maxwell.updates(device, content, firmware, category, now));
    }

    @GET
    @Path("/" + MaxwellFiles.NVM + "/{uvc}/" + MaxwellFiles.SETTINGS)
    @Operation(summary = "The device's settings of the release with the UVC, its overrides applied")
    public Response settings(@PathParam("mac") String mac, @PathParam("uvc") String uvc,
                             @Context HttpServerRequest request) {
        return serve(mac, uvc, MaxwellFiles.NVM + "/" + MaxwellFiles.SETTINGS, request,
                (device, content, firmware) -> maxwell.settings(device, content));
    }

    @GET
    @Path("/" + MaxwellFiles.CUSTOM + "/{uvc}/{file}")
    @Operation(summary = "A CA certificate of the release with the UVC, as PEM")
    public Response certificate(@PathParam("mac") String mac, @PathParam("uvc") String uvc,
                                @PathParam("file") String file, @Context HttpServerRequest request) {
        return serve(mac, uvc, MaxwellFiles.CUSTOM + "/" + file, request,
                (device, content, firmware) -> maxwell.certificate(content, file));
    }

    private Response serve(String mac, String uvc, String file, HttpServerRequest request,
                           Renderer render) {
        return serve(mac, uvc, file, file, request, render);
    }

    private Response serve(String macText, String uvc, String variant, String file, HttpServerRequest request,
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

    @FunctionalInterface
    private interface Renderer {
        Optional<RenderedFile> render(DeviceRelease device, ProfileContent content, String firmwareArtifact);
    }

    private static Response notFound() {
        return Response.status(Response.Status.NOT_FOUND).build();
    }
}
