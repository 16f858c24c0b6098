package org.telprov.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.provisioning.DeviceAuthApi;
import org.telprov.console.provisioning.ProvisioningViews;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The tenant's device authentication: whether its phones need HTTP Digest for their files, which files stay public,
 * the algorithms offered and the dialects TFTP serves; and forgetting the credentials a (factory-reset) device holds.
 * The provisioning API reads it to partners, lets their administrators change it, and validates every value.
 */
@Path("/device-auth")
@Produces(MediaType.TEXT_HTML)
public class DeviceAuthPage {

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance deviceAuth(Viewer viewer, ProvisioningViews.DeviceAuth setting, Form form,
                                                  List<String> algorithms, List<String> dialects, String error,
                                                  String notice, Map<String, String> fieldErrors);
    }

    /**
     * The setting's form as typed: public files one a line.
     *
     * @param forget the MAC of the forget form
     */
    public record Form(String mode, String publicFiles, List<String> algorithms, List<String> tftpDialects,
                       String forget) {

        static Form of(ProvisioningViews.DeviceAuth setting) {
            return new Form(setting.mode(), setting.publicFiles() == null ? "" : String.join("\n", setting.publicFiles()),
                    setting.algorithms() == null ? List.of() : setting.algorithms(),
                    setting.tftpDialects() == null ? List.of() : setting.tftpDialects(), "");
        }

        public boolean offers(String algorithm) {
            return algorithms.contains(algorithm);
        }

        public boolean servesOverTftp(String dialect) {
            return tftpDialects.contains(dialect);
        }
    }

    private final DeviceAuthApi deviceAuth;
    private final Viewer viewer;

    public DeviceAuthPage(@RestClient DeviceAuthApi deviceAuth, Viewer viewer) {
        this.deviceAuth = deviceAuth;
        this.viewer = viewer;
    }

    @GET
    public TemplateInstance page(@QueryParam("saved") String saved, @QueryParam("forgot") String forgot) {
        String notice = saved != null ? "Device authentication saved."
                : forgot != null ? "Forgot the credentials device " + forgot + " held: its next fetch is a first "
                + "stage again." : null;
        return page(null, null, notice, Map.of());
    }

    @POST
    public Object save(@RestForm String mode, @RestForm String publicFiles, @RestForm List<String> algorithms,
                       @RestForm List<String> tftpDialects) {
        List<String> files = publicFiles == null ? List.of() : Arrays.stream(publicFiles.split("[\\r\\n,]+"))
                .map(String::trim).filter(f -> !f.isEmpty()).toList();
        List<String> offered = algorithms == null ? List.of() : algorithms;
        List<String> tftp = tftpDialects == null ? List.of() : tftpDialects;
        try {
            deviceAuth.replace(new ProvisioningViews.DeviceAuth(mode, files, offered, tftp));
            return Response.seeOther(UriBuilder.fromPath("/device-auth").queryParam("saved", "true").build()).build();
        } catch (ApiProblem problem) {
            return page(new Form(mode, publicFiles, offered, tftp, ""), problem.message(), null,
                    problem.fieldMessages());
        }
    }

    /** A device reset to its factory state: its next fetch is a first stage again. */
    @POST
    @Path("/forget")
    public Object forget(@RestForm String mac) {
        try {
            // The API judges the MAC; an empty one still has to name a path segment to reach it.
            deviceAuth.forget(mac == null || mac.isBlank() ? "-" : mac.trim());
            return Response.seeOther(UriBuilder.fromPath("/device-auth").queryParam("forgot", mac.trim()).build())
                    .build();
        } catch (ApiProblem problem) {
            Map<String, String> fields = problem.fieldMessages();
            return page(null, problem.message(), null, fields.containsKey("mac")
                    ? Map.of("forget", fields.get("mac")) : Map.of());
        }
    }

    private TemplateInstance page(Form form, String error, String notice, Map<String, String> fieldErrors) {
        try {
            ProvisioningViews.DeviceAuth setting = deviceAuth.get();
            return Templates.deviceAuth(viewer, setting, form != null ? form : Form.of(setting),
                    ProvisioningViews.ALGORITHMS, ProvisioningViews.DIALECTS, error, notice, fieldErrors);
        } catch (ApiProblem problem) {
            return Templates.deviceAuth(viewer, null, null, ProvisioningViews.ALGORITHMS, ProvisioningViews.DIALECTS,
                    error != null ? error : problem.message(), null, Map.of());
        }
    }
}
