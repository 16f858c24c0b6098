package org.telprov.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryApi;
import org.telprov.console.inventory.InventoryViews;
import org.telprov.console.provisioning.ProvisioningApi;
import org.telprov.console.provisioning.ProvisioningViews;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first page after login: the tenant's devices at a glance, the firmware versions they run and which release each
 * profile's devices fetched, as charts with their numbers beside them. The operator picks the tenant of the charts.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

    /** Profiles read for their current release; a tenant with more has the rest shown without the mark. */
    private static final int PROFILES = 100;

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance dashboard(Viewer viewer, InventoryViews.Summary summary,
                                                 InventoryViews.Fleet fleet, Map<String, String> currentReleases,
                                                 List<InventoryViews.Tenant> tenants, String tenant, String error,
                                                 String fleetError);

        static native TemplateInstance loggedOut();
    }

    private final InventoryApi inventory;
    private final ProvisioningApi provisioning;
    private final Viewer viewer;

    public DashboardPage(@RestClient InventoryApi inventory, @RestClient ProvisioningApi provisioning, Viewer viewer) {
        this.inventory = inventory;
        this.provisioning = provisioning;
        this.viewer = viewer;
    }

    /**
     * @param tenant the operator's choice of tenant for the counts and charts (every tenant's counts without one); a
     *               partner's own tenant is in its token
     */
    @GET
    public TemplateInstance dashboard(@QueryParam("tenant") String tenant) {
        String chosen = !viewer.operator() || tenant == null || tenant.isBlank() ? null : tenant.trim();
        InventoryViews.Summary summary;
        try {
            summary = inventory.summary(chosen);
        } catch (ApiProblem problem) {
            return Templates.dashboard(viewer, null, null, Map.of(), List.of(), tenant, problem.message(), null);
        }
        List<InventoryViews.Tenant> tenants = viewer.operator() ? tenants() : List.of();
        if (viewer.operator() && chosen == null) {
            // the charts are one tenant's: the operator chooses which
            return Templates.dashboard(viewer, summary, null, Map.of(), tenants, null, null, null);
        }
        try {
            InventoryViews.Fleet fleet = inventory.fleet(chosen);
            return Templates.dashboard(viewer, summary, fleet, currentReleases(chosen), tenants, chosen, null, null);
        } catch (ApiProblem problem) {
            return Templates.dashboard(viewer, summary, null, Map.of(), tenants, chosen, null, problem.message());
        }
    }

    /** The operator's tenants for the chooser; without them the operator can still type a tenant id. */
    private List<InventoryViews.Tenant> tenants() {
        try {
            return inventory.tenants();
        } catch (ApiProblem problem) {
            return List.of();
        }
    }

    /**
     * Each profile's newest release, to mark it in the adoption chart (the chosen tenant's for the operator). The charts
     * go without the mark when provisioning does not answer: the mark is a help, the counts are the page.
     */
    private Map<String, String> currentReleases(String tenant) {
        try {
            Map<String, String> current = new HashMap<>();
            for (ProvisioningViews.Profile profile : provisioning.profiles(0, PROFILES, tenant).items()) {
                if (profile.latestRelease() != null) {
                    current.put(profile.name(), profile.latestRelease());
                }
            }
            return current;
        } catch (ApiProblem | ProcessingException unavailable) {
            return Map.of();
        }
    }

    /** Where Keycloak sends the browser back after logout; public, so it does not start a new login at once. */
    @GET
    @Path("logged-out")
    public TemplateInstance loggedOut() {
        return Templates.loggedOut();
    }
}
