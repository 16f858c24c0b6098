package org.telprov.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.telprov.console.ConsoleConfig;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.firmware.FirmwareApi;
import org.telprov.console.firmware.FirmwareUploads;
import org.telprov.console.firmware.FirmwareViews;
import org.telprov.console.inventory.InventoryViews;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The firmware pages: the artifacts the person can read with their checksums, uploading an image (streamed on to the
 * firmware API as it arrives, with a progress bar in the browser), and pointing a channel at an artifact. Whose
 * firmware it is (the tenant's, or the operator's platform-wide vendor firmware) the firmware API decides from the token.
 */
@Path("/firmware")
@Produces(MediaType.TEXT_HTML)
public class FirmwarePages {

    private static final String UNREACHABLE = "The firmware service does not answer; try again later.";

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance artifacts(Viewer viewer, Filter filter,
                                                 InventoryViews.Page<FirmwareViews.Artifact> page, Upload form,
                                                 FirmwareViews.Artifact uploaded, long maxBytes, String error,
                                                 String uploadError, Map<String, String> fieldErrors);

        static native TemplateInstance artifact(Viewer viewer, FirmwareViews.Artifact artifact,
                                                List<FirmwareViews.Channel> channels, String error, String notice,
                                                Map<String, String> fieldErrors);
    }

    /** The list's filter as the form and the paging links carry it. */
    public record Filter(String vendor, String product, int page) {

        public String query(int otherPage) {
            UriBuilder uri = UriBuilder.fromPath("/firmware").queryParam("page", otherPage);
            if (vendor != null) {
                uri.queryParam("vendor", vendor);
            }
            if (product != null) {
                uri.queryParam("product", product);
            }
            return uri.build().toString();
        }
    }

    /** The upload form's values, kept to fill it again when the API refuses the upload. */
    public record Upload(String vendor, String product, String version, String oemName, String releaseNotes,
                         String sha256, String md5) {

        static final Upload EMPTY = new Upload("", "", "", "", "", "", "");

        FirmwareViews.Upload request() {
            return new FirmwareViews.Upload(trim(vendor), trim(product), trim(version), trim(oemName),
                    trim(releaseNotes), trim(sha256), trim(md5));
        }
    }

    private final FirmwareApi firmware;
    private final FirmwareUploads uploads;
    private final Viewer viewer;
    private final ConsoleConfig config;

    public FirmwarePages(@RestClient FirmwareApi firmware, FirmwareUploads uploads, Viewer viewer,
                         ConsoleConfig config) {
        this.firmware = firmware;
        this.uploads = uploads;
        this.viewer = viewer;
        this.config = config;
    }

    @GET
    public TemplateInstance list(@QueryParam("vendor") String vendor, @QueryParam("product") String product,
                                 @QueryParam("page") Integer page) {
        Filter filter = new Filter(trim(vendor), trim(product), page == null || page < 0 ? 0 : page);
        return list(filter, Upload.EMPTY, null, null, Map.of());
    }

    /**
     * The upload as the page's script sends it: the image is the body, streamed on to the firmware API as it arrives;
     * what the form says of it travels in the query string, as the firmware API takes it. There is no multipart form
     * post: Quarkus would spool the whole image to the console's disk before the first byte could go on.
     */
    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    public TemplateInstance upload(@RestQuery String vendor, @RestQuery String product, @RestQuery String version,
                                   @RestQuery String oemName, @RestQuery String releaseNotes,
                                   @RestQuery String sha256, @RestQuery String md5,
                                   @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream image) {
        Upload form = new Upload(vendor, product, version, oemName, releaseNotes, sha256, md5);
        return upload(form, image, length == null ? -1 : length);
    }

    private TemplateInstance upload(Upload form, InputStream image, long length) {
        Filter all = new Filter(null, null, 0);
        long max = config.firmwareMaxSize().asLongValue();
        if (length > max) {
            // refused before a byte is passed on; the firmware API would refuse it the same way, after the upload
            return list(all, form, null, "The image has " + Formats.bytes(length) + " (" + length
                    + " bytes); a firmware image may have at most " + Formats.bytes(max) + " (" + max + " bytes).",
                    Map.of("image", "too large"));
        }
        try {
            FirmwareViews.Artifact uploaded = uploads.upload(form.request(), image, length);
            return list(all, Upload.EMPTY, uploaded, null, Map.of());
        } catch (ApiProblem problem) {
            return list(all, form, null, problem.message(), problem.fieldMessages());
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance artifact(@PathParam("id") String id, @QueryParam("moved") String moved) {
        return artifact(id, null, moved == null ? null : "Channel " + moved + " now points at this artifact.",
                Map.of());
    }

    @POST
    @Path("/{id}/channel")
    public Object moveChannel(@PathParam("id") String id, @RestForm String channel) {
        try {
            FirmwareViews.Artifact artifact = firmware.artifact(id);
            FirmwareViews.Channel moved = firmware.moveChannel(artifact.vendor(), artifact.product(),
                    channel == null ? "" : channel.trim(), new FirmwareViews.ChannelMove(artifact.id()));
            return Response.seeOther(UriBuilder.fromPath("/firmware/{id}").queryParam("moved", moved.name())
                    .build(artifact.id())).build();
        } catch (ApiProblem problem) {
            Map<String, String> fields = problem.fieldMessages();
            // the firmware API names the channel by its path parameter
            if (fields.isEmpty() && problem.status() == 400) {
                fields = Map.of("channel", problem.message());
            }
            return artifact(id, problem.message(), null, fields);
        }
    }

    private TemplateInstance list(Filter filter, Upload form, FirmwareViews.Artifact uploaded, String uploadError,
                                  Map<String, String> fieldErrors) {
        long max = config.firmwareMaxSize().asLongValue();
        try {
            InventoryViews.Page<FirmwareViews.Artifact> page = firmware.artifacts(filter.vendor(), filter.product(),
                    filter.page(), config.firmwarePageSize());
            return Templates.artifacts(viewer, filter, page, form, uploaded, max, null, uploadError, fieldErrors);
        } catch (ApiProblem problem) {
            return Templates.artifacts(viewer, filter, null, form, uploaded, max, problem.message(), uploadError,
                    fieldErrors);
        } catch (ProcessingException unreachable) {
            // a platform without the firmware service: the page says so instead of failing
            return Templates.artifacts(viewer, filter, null, form, uploaded, max, UNREACHABLE, uploadError,
                    fieldErrors);
        }
    }

    private TemplateInstance artifact(String id, String error, String notice, Map<String, String> fieldErrors) {
        FirmwareViews.Artifact artifact;
        try {
            artifact = firmware.artifact(id);
        } catch (ApiProblem problem) {
            String message = problem.status() == 404 || problem.status() == 400
                    ? "No firmware artifact " + id + " that you can read." : problem.message();
            return Templates.artifact(viewer, null, List.of(), message, null, Map.of());
        } catch (ProcessingException unreachable) {
            return Templates.artifact(viewer, null, List.of(), UNREACHABLE, null, Map.of());
        }
        try {
            return Templates.artifact(viewer, artifact, firmware.channels(artifact.vendor(), artifact.product()),
                    error, notice, fieldErrors);
        } catch (ApiProblem problem) {
            return Templates.artifact(viewer, artifact, List.of(), error != null ? error : problem.message(), notice,
                    fieldErrors);
        }
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
