package org.telprov.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.telprov.console.ConsoleConfig;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryViews;
import org.telprov.console.provisioning.ProvisioningApi;
import org.telprov.console.provisioning.ProvisioningViews;

import java.util.Map;

/**
 * A profile's pins: the devices held on one of its releases instead of the newest, pinning a device (by MAC) to a
 * release and unpinning it. The provisioning API decides which device and release may be pinned.
 */
@Path("/profiles/{name}/pins")
@Produces(MediaType.TEXT_HTML)
public class PinPages {

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance pins(Viewer viewer, String name, String tenant,
                                            InventoryViews.Page<ProvisioningViews.Pin> pins,
                                            InventoryViews.Page<ProvisioningViews.Release> releases, Form form,
                                            String error, String notice, Map<String, String> fieldErrors);
    }

    /** The pin form as typed, to fill it again when the API refuses it. */
    public record Form(String mac, String uvc) {
    }

    private static final Form EMPTY = new Form("", "");

    private final ProvisioningApi provisioning;
    private final Viewer viewer;
    private final ConsoleConfig config;

    public PinPages(@RestClient ProvisioningApi provisioning, Viewer viewer, ConsoleConfig config) {
        this.provisioning = provisioning;
        this.viewer = viewer;
        this.config = config;
    }

    @GET
    public TemplateInstance pins(@PathParam("name") String name, @QueryParam("tenant") String tenant,
                                 @QueryParam("page") Integer page, @QueryParam("pinned") String pinned,
                                 @QueryParam("unpinned") String unpinned) {
        String notice = pinned != null ? "Device " + pinned + " pinned."
                : unpinned != null ? "Device " + unpinned + " unpinned: it gets the profile's newest release for it again."
                : null;
        return page(name, ProfilePages.blankToNull(tenant), page == null || page < 0 ? 0 : page, EMPTY, null, notice,
                Map.of());
    }

    @POST
    public Object pin(@PathParam("name") String name, @RestForm String mac, @RestForm String uvc) {
        try {
            ProvisioningViews.Pin pin = provisioning.pin(name, mac == null ? "" : mac.trim(),
                    new ProvisioningViews.PinRequest(ProfilePages.blankToNull(uvc)));
            return Response.seeOther(UriBuilder.fromPath("/profiles/{name}/pins").queryParam("pinned", pin.mac())
                    .build(name)).build();
        } catch (ApiProblem problem) {
            return page(name, null, 0, new Form(mac, uvc), problem.message(), null, problem.fieldMessages());
        }
    }

    @POST
    @Path("/{mac}/unpin")
    public Object unpin(@PathParam("name") String name, @PathParam("mac") String mac) {
        try {
            provisioning.unpin(name, mac);
            return Response.seeOther(UriBuilder.fromPath("/profiles/{name}/pins").queryParam("unpinned", mac)
                    .build(name)).build();
        } catch (ApiProblem problem) {
            return page(name, null, 0, EMPTY, problem.message(), null, Map.of());
        }
    }

    private TemplateInstance page(String name, String tenant, int page, Form form, String error, String notice,
                                  Map<String, String> fieldErrors) {
        try {
            return Templates.pins(viewer, name, tenant, provisioning.pins(name, tenant, page, config.pageSize()),
                    provisioning.releases(name, tenant, 0, ProfilePages.RELEASES), form, error, notice, fieldErrors);
        } catch (ApiProblem problem) {
            String message = problem.status() == 404 ? "No profile " + name + " in your tenant." : problem.message();
            return Templates.pins(viewer, name, tenant, null, null, form, error != null ? error : message, null,
                    Map.of());
        }
    }
}
