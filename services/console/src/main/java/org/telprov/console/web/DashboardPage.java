package org.telprov.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryApi;
import org.telprov.console.inventory.InventoryViews;

/** The first page after login: the tenant's devices at a glance. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance dashboard(Viewer viewer, InventoryViews.Summary summary, String error);

        static native TemplateInstance loggedOut();
    }

    private final InventoryApi inventory;
    private final Viewer viewer;

    public DashboardPage(@RestClient InventoryApi inventory, Viewer viewer) {
        this.inventory = inventory;
        this.viewer = viewer;
    }

    @GET
    public TemplateInstance dashboard() {
        try {
            return Templates.dashboard(viewer, inventory.summary(), null);
        } catch (ApiProblem problem) {
            return Templates.dashboard(viewer, null, problem.message());
        }
    }

    /** Where Keycloak sends the browser back after logout; public, so it does not start a new login at once. */
    @GET
    @Path("logged-out")
    public TemplateInstance loggedOut() {
        return Templates.loggedOut();
    }
}
