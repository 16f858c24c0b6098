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

import java.util.List;

/**
 * The partner's provisioning profiles: the list, one profile's parameters (secret values are never sent by the API, so
 * never shown) and releases, publishing its current content to all, some or labelled devices, and rolling back.
 */
@Path("/profiles")
@Produces(MediaType.TEXT_HTML)
public class ProfilePages {

    /** Releases on a profile's page: the newest. */
    private static final int RELEASES = 20;

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance profiles(Viewer viewer, InventoryViews.Page<ProvisioningViews.Profile> page,
                                                String error);

        static native TemplateInstance profile(Viewer viewer, ProvisioningViews.Profile profile,
                                               InventoryViews.Page<ProvisioningViews.Release> releases,
                                               List<String> warnings, String error, String notice);
    }

    private final ProvisioningApi provisioning;
    private final Viewer viewer;
    private final ConsoleConfig config;

    public ProfilePages(@RestClient ProvisioningApi provisioning, Viewer viewer, ConsoleConfig config) {
        this.provisioning = provisioning;
        this.viewer = viewer;
        this.config = config;
    }

    @GET
    public TemplateInstance profiles(@QueryParam("page") Integer page) {
        try {
            return Templates.profiles(viewer, provisioning.profiles(page == null || page < 0 ? 0 : page,
                    config.pageSize()), null);
        } catch (ApiProblem problem) {
            return Templates.profiles(viewer, null, problem.message());
        }
    }

    @GET
    @Path("/{name}")
    public TemplateInstance profile(@PathParam("name") String name, @QueryParam("published") String published,
                                    @QueryParam("warning") List<String> warnings) {
        return profile(name, published == null ? null : "Published release " + published + ".", warnings, null);
    }

    /**
     * A publish to every device of the profile, to a percentage of them or to those with a label ({@code audience} all,
     * percent or label), or a roll back to an earlier release ({@code from}).
     */
    @POST
    @Path("/{name}/publish")
    public Object publish(@PathParam("name") String name, @RestForm String audience, @RestForm String percent,
                          @RestForm String label, @RestForm String from) {
        try {
            ProvisioningViews.Release release = provisioning.publish(name,
                    "percent".equals(audience) ? blankToNull(percent) : null,
                    "label".equals(audience) ? blankToNull(label) : null, blankToNull(from));
            UriBuilder page = UriBuilder.fromPath("/profiles/{name}").queryParam("published", release.uvc());
            if (release.warnings() != null) {
                release.warnings().forEach(warning -> page.queryParam("warning", warning.code()));
            }
            return Response.seeOther(page.build(name)).build();
        } catch (ApiProblem problem) {
            return profile(name, null, List.of(), problem.message());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private TemplateInstance profile(String name, String notice, List<String> warnings, String error) {
        try {
            ProvisioningViews.Profile profile = provisioning.profile(name);
            return Templates.profile(viewer, profile, provisioning.releases(name, 0, RELEASES),
                    warnings == null ? List.of() : warnings, error, notice);
        } catch (ApiProblem problem) {
            String message = problem.status() == 404 ? "No profile " + name + " in your tenant." : problem.message();
            return Templates.profile(viewer, null, null, List.of(), message, null);
        }
    }
}
