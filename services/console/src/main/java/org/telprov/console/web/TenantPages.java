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
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryApi;
import org.telprov.console.inventory.InventoryViews;

import java.util.List;
import java.util.Map;

/**
 * The operator's tenant pages: the list, creating a tenant, changing its name and provisioning URL template, how the
 * redirect service authenticates its phones, suspending and resuming it. The inventory API allows these to the
 * operator only; anyone else gets its refusal.
 */
@Path("/tenants")
@Produces(MediaType.TEXT_HTML)
public class TenantPages {

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance tenants(Viewer viewer, List<InventoryViews.Tenant> tenants, Form form,
                                               String error, String notice, Map<String, String> fieldErrors);

        static native TemplateInstance tenant(Viewer viewer, InventoryViews.Tenant tenant, Form form, String error,
                                              String notice, Map<String, String> fieldErrors);
    }

    /** A tenant form's values, kept to fill the form again when the API refuses them. */
    public record Form(String id, String name, String provisioningUrlTemplate) {
    }

    private static final Form EMPTY = new Form("", "", "");

    private final InventoryApi inventory;
    private final Viewer viewer;

    public TenantPages(@RestClient InventoryApi inventory, Viewer viewer) {
        this.inventory = inventory;
        this.viewer = viewer;
    }

    @GET
    public TemplateInstance tenants(@QueryParam("created") String created) {
        return tenants(EMPTY, null, created == null ? null : "Tenant " + created + " created.", Map.of());
    }

    @POST
    public Object create(@RestForm String id, @RestForm String name, @RestForm String provisioningUrlTemplate) {
        Form form = new Form(id, name, provisioningUrlTemplate);
        try {
            InventoryViews.Tenant tenant = inventory.createTenant(new InventoryViews.NewTenant(trim(id), trim(name),
                    trim(provisioningUrlTemplate)));
            return Response.seeOther(UriBuilder.fromPath("/tenants").queryParam("created", tenant.id()).build())
                    .build();
        } catch (ApiProblem problem) {
            return tenants(form, problem.message(), null, problem.fieldMessages());
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance tenant(@PathParam("id") String id, @QueryParam("changed") String changed) {
        return tenant(id, null, null, changed == null ? null : "Saved.", Map.of());
    }

    @POST
    @Path("/{id}")
    public Object change(@PathParam("id") String id, @RestForm String name, @RestForm String provisioningUrlTemplate) {
        try {
            inventory.updateTenant(id,
                    new InventoryViews.TenantChange(trim(name), trim(provisioningUrlTemplate), null, null));
            return changed(id);
        } catch (ApiProblem problem) {
            return tenant(id, new Form(id, name, provisioningUrlTemplate), problem.message(), null,
                    problem.fieldMessages());
        }
    }

    /** Suspending stops the tenant's registrations and its phones' redirects until it is resumed. */
    @POST
    @Path("/{id}/status")
    public Object status(@PathParam("id") String id, @RestForm String status) {
        try {
            inventory.updateTenant(id, new InventoryViews.TenantChange(null, null, status, null));
            return changed(id);
        } catch (ApiProblem problem) {
            return tenant(id, null, problem.message(), null, Map.of());
        }
    }

    /**
     * How the redirect service authenticates the tenant's phones: none, or only a TLS client certificate naming the
     * phone's MAC. The API refuses any other value, and says so next to the control.
     */
    @POST
    @Path("/{id}/redirect-auth")
    public Object redirectAuth(@PathParam("id") String id, @RestForm String redirectAuth) {
        try {
            inventory.updateTenant(id, new InventoryViews.TenantChange(null, null, null, trim(redirectAuth)));
            return changed(id);
        } catch (ApiProblem problem) {
            return tenant(id, null, problem.message(), null, problem.fieldMessages());
        }
    }

    /** Back to the tenant's page, saying it was saved (an empty parameter would reach the page as none at all). */
    private static Response changed(String id) {
        return Response.seeOther(UriBuilder.fromPath("/tenants/{id}").queryParam("changed", "yes").build(id)).build();
    }

    private TemplateInstance tenants(Form form, String error, String notice, Map<String, String> fieldErrors) {
        try {
            return Templates.tenants(viewer, inventory.tenants(), form, error, notice, fieldErrors);
        } catch (ApiProblem problem) {
            return Templates.tenants(viewer, null, form, problem.message(), null, Map.of());
        }
    }

    private TemplateInstance tenant(String id, Form form, String error, String notice,
                                    Map<String, String> fieldErrors) {
        try {
            InventoryViews.Tenant tenant = inventory.tenant(id);
            Form shown = form != null ? form : new Form(tenant.id(), tenant.name(), tenant.provisioningUrlTemplate());
            return Templates.tenant(viewer, tenant, shown, error, notice, fieldErrors);
        } catch (ApiProblem problem) {
            String message = problem.status() == 404 ? "No tenant " + id + "." : problem.message();
            return Templates.tenant(viewer, null, EMPTY, message, null, Map.of());
        }
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
