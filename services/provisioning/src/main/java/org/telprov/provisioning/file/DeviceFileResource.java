package org.telprov.provisioning.file;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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

    private final DeviceFiles files;
    private final MaxwellFiles maxwell;

    public DeviceFileResource(DeviceFiles files, MaxwellFiles maxwell) {
        this.files = files;
        this.maxwell = maxwell;
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
        return files.serve(mac, null, variant, file, request,
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
                           DeviceFiles.Renderer render) {
        return files.serve(mac, uvc, file, file, request, render);
    }

}
