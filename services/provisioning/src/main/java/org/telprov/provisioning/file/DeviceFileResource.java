package org.telprov.provisioning.file;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.provisioning.profile.Dialect;

import java.time.Instant;

/**
 * The files devices fetch, without tokens, under their own MAC: {@code /prov/<mac>/…}, in the dialect of their
 * release (docs/device-files.md). Every answer comes from {@link DeviceFiles}; anything the device does not get
 * (unknown or released MAC, no profile, no release, a file the release lacks, another dialect's file, any other path)
 * is an empty 404 that tells nothing.
 */
@Path(DeviceFileResource.PATH + "/{mac}")
@Tag(name = "Device files", description = "Gigaset Maxwell 1.0/1.1, Auerswald and Plug-n-Dial files for devices; no token")
public class DeviceFileResource {

    public static final String PATH = "/prov";

    private final DeviceFiles files;
    private final MaxwellFiles maxwell;
    private final Maxwell11Files maxwell11;
    private final AuerswaldFiles auerswald;
    private final PlugNDialFiles plugNDial;

    public DeviceFileResource(DeviceFiles files, MaxwellFiles maxwell, Maxwell11Files maxwell11,
                              AuerswaldFiles auerswald, PlugNDialFiles plugNDial) {
        this.files = files;
        this.maxwell = maxwell;
        this.maxwell11 = maxwell11;
        this.auerswald = auerswald;
        this.plugNDial = plugNDial;
    }

    @GET
    @Operation(summary = "The entry file of the device's dialect (directory URL)",
            description = "provisioning.xml (Maxwell), references.xml (Auerswald), the .txt (Plug-n-Dial)")
    public Response directory(@PathParam("mac") String mac, @Context HttpServerRequest request) {
        return files.serve(mac, null, request, dialect -> switch (dialect) {
            case MAXWELL_10 -> maxwell.provisioning();
            case MAXWELL_11 -> maxwell11.provisioning();
            case AUERSWALD -> auerswald.references();
            case PLUG_N_DIAL -> plugNDial.config();
        });
    }

    @GET
    @Path("/" + MaxwellFiles.PROVISIONING)
    @Operation(summary = "Maxwell 1.0: the categories of the release; Maxwell 1.1: its general parameters")
    public Response provisioning(@PathParam("mac") String mac, @Context HttpServerRequest request) {
        return files.serve(mac, null, request, dialect -> switch (dialect) {
            case MAXWELL_10 -> maxwell.provisioning();
            case MAXWELL_11 -> maxwell11.provisioning();
            default -> null;
        });
    }

    @GET
    @Path("/{category:firmware|nvm|custom}/" + MaxwellFiles.UPDATES)
    @Operation(summary = "Maxwell 1.0: a category's updates.xml, naming the release's UVC")
    public Response updates(@PathParam("mac") String mac, @PathParam("category") String category,
                            @Context HttpServerRequest request) {
        return files.serve(mac, null, request, maxwell.updates(category, Instant.now()));
    }

    @GET
    @Path("/" + MaxwellFiles.NVM + "/{uvc}/{name:settings|credentials}.xml")
    @Operation(summary = "Maxwell 1.0: the device's settings (or HTTP Digest credentials) of the release with the UVC")
    public Response nvm(@PathParam("mac") String mac, @PathParam("uvc") String uvc, @PathParam("name") String name,
                        @Context HttpServerRequest request) {
        return files.serve(mac, uvc, request, maxwell.nvm(name + ".xml"));
    }

    @GET
    @Path("/" + MaxwellFiles.CUSTOM + "/{uvc}/{file}")
    @Operation(summary = "Maxwell 1.0: a CA certificate of the release with the UVC, as PEM")
    public Response certificate(@PathParam("mac") String mac, @PathParam("uvc") String uvc,
                                @PathParam("file") String file, @Context HttpServerRequest request) {
        return files.serve(mac, uvc, request, maxwell.certificate(file));
    }

    @GET
    @Path("/{device}.xml")
    @Operation(summary = "Maxwell 1.1: the second file, %MACD.xml as the phone expands it (the device's own MAC)")
    public Response maxwell11Device(@PathParam("mac") String mac, @PathParam("device") String device,
                                    @Context HttpServerRequest request) {
        return maxwell11.device(mac, device).map(file -> files.serve(mac, null, request, file))
                .orElseGet(DeviceFiles::notFound);
    }

    @GET
    @Path("/" + AuerswaldFiles.REFERENCES)
    @Operation(summary = "Auerswald: the reference file (settings patch, then the profile's references)")
    public Response references(@PathParam("mac") String mac, @Context HttpServerRequest request) {
        return files.serve(mac, null, request, auerswald.references());
    }

    @GET
    @Path("/" + AuerswaldFiles.SETTINGS)
    @Operation(summary = "Auerswald: the settings patch of the release, the device's overrides applied")
    public Response auerswaldSettings(@PathParam("mac") String mac, @Context HttpServerRequest request) {
        return files.serve(mac, null, request, auerswald.settings());
    }

    @GET
    @Path("/{a}/{b}/{file}")
    @Operation(summary = "Plug-n-Dial: <mac[0:4]>/<mac[4:8]>/<mac>.txt or .md5 (lower-case hex, the device's own MAC)")
    public Response plugNDialConfig(@PathParam("mac") String mac, @PathParam("a") String a, @PathParam("b") String b,
                                    @PathParam("file") String file, @Context HttpServerRequest request) {
        return plugNDial.configAt(mac, a, b, file).map(config -> files.serve(mac, null, request, config))
                .orElseGet(DeviceFiles::notFound);
    }

    @GET
    @Path("/" + MaxwellFiles.FIRMWARE + "/{oem}/{model}/" + PlugNDialFiles.CURRENT_VERSION)
    @Operation(summary = "Plug-n-Dial: Image_file=\"<file>\" naming the release's firmware image")
    public Response currentVersion(@PathParam("mac") String mac, @PathParam("oem") String oem,
                                   @PathParam("model") String model, @Context HttpServerRequest request) {
        return files.serve(mac, null, request, plugNDial.currentVersion(oem, model));
    }

    @GET
    @Path("/" + MaxwellFiles.FIRMWARE + "/{oem}/{model}/{file}")
    @Operation(summary = "Plug-n-Dial: 302 to the signed download link of the image currentversion.txt names")
    public Response firmwareImage(@PathParam("mac") String mac, @PathParam("oem") String oem,
                                  @PathParam("model") String model, @PathParam("file") String file,
                                  @Context HttpServerRequest request) {
        Instant now = Instant.now();
        return files.redirect(mac, request, Dialect.PLUG_N_DIAL, PlugNDialFiles.FIRMWARE_IMAGE,
                (device, content, firmware) -> plugNDial.imageLink(device, firmware, oem, model, file, now));
    }

    @GET
    @Path("/{path:.+}")
    @Operation(summary = "Any other path below a device: an empty 404, like every file a device does not get")
    public Response elsewhere() {
        return DeviceFiles.notFound();
    }
}
