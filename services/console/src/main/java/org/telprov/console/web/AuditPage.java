package org.telprov.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.telprov.console.ConsoleConfig;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryApi;
import org.telprov.console.inventory.InventoryViews;

import java.util.List;

/**
 * The tenant's audit log, newest first: who claimed, changed, moved, released which device (every tenant's for the
 * operator, or one tenant's).
 */
@Path("/audit")
@Produces(MediaType.TEXT_HTML)
public class AuditPage {

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance audit(Viewer viewer, InventoryViews.Page<InventoryViews.AuditEntry> page,
                                             String tenant, List<InventoryViews.Tenant> tenants, String error);
    }

    private final InventoryApi inventory;
    private final Viewer viewer;
    private final ConsoleConfig config;

    public AuditPage(@RestClient InventoryApi inventory, Viewer viewer, ConsoleConfig config) {
        this.inventory = inventory;
        this.viewer = viewer;
        this.config = config;
    }

    @GET
    public TemplateInstance audit(@QueryParam("page") Integer page, @QueryParam("tenant") String tenant) {
        String narrowedTo = viewer.operator() && tenant != null && !tenant.isBlank() ? tenant.trim() : null;
        List<InventoryViews.Tenant> tenants = DevicePages.tenantsToNarrowBy(inventory, viewer);
        try {
            return Templates.audit(viewer, inventory.audit(null, page == null || page < 0 ? 0 : page,
                    config.pageSize(), narrowedTo), narrowedTo, tenants, null);
        } catch (ApiProblem problem) {
            return Templates.audit(viewer, null, narrowedTo, tenants, problem.message());
        }
    }
}
