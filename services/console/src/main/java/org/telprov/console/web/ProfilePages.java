package org.telprov.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
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
import java.util.Map;

/**
 * The partner's provisioning profiles: the list, creating one, one profile's parameters (secret values are never sent
 * by the API, so never shown) and releases, editing its parameters, publishing its current content to all, some or
 * labelled devices, rolling back, and what changes between two releases. The operator reads them with {@code ?tenant}.
 */
@Path("/profiles")
@Produces(MediaType.TEXT_HTML)
public class ProfilePages {

    /** Releases on a profile's page: the newest. */
    static final int RELEASES = 20;

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance profiles(Viewer viewer, InventoryViews.Page<ProvisioningViews.Profile> page,
                                                String error);

        static native TemplateInstance profile(Viewer viewer, ProvisioningViews.Profile profile, String tenant,
                                               InventoryViews.Page<ProvisioningViews.Release> releases,
                                               List<PublishWarning> warnings, String error, String notice);

        static native TemplateInstance edit(Viewer viewer, ProfileForm form, boolean creating, List<String> dialects,
                                            String error, Map<String, String> fieldErrors);

        static native TemplateInstance diff(Viewer viewer, String name, String tenant, ProvisioningViews.Diff diff,
                                            String error);
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
                    config.pageSize(), null), null);
        } catch (ApiProblem problem) {
            return Templates.profiles(viewer, null, problem.message());
        }
    }

    @GET
    @Path("/new")
    public TemplateInstance creating() {
        return Templates.edit(viewer, ProfileForm.empty(), true, ProvisioningViews.DIALECTS, null, Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object create(MultivaluedMap<String, String> posted) {
        ProfileForm form = ProfileForm.posted(posted);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", form.name()).put("dialect", form.dialect());
        body.set("parameters", form.parameters());
        try {
            ProvisioningViews.Profile created = provisioning.create(body);
            return Response.seeOther(UriBuilder.fromPath("/profiles/{name}").queryParam("saved", "created")
                    .build(created.name())).build();
        } catch (ApiProblem problem) {
            return Templates.edit(viewer, form.shownAgain(), true, ProvisioningViews.DIALECTS, problem.message(),
                    form.controls(problem.fieldMessages()));
        }
    }

    @GET
    @Path("/{name}")
    public TemplateInstance profile(@PathParam("name") String name, @QueryParam("tenant") String tenant,
                                    @QueryParam("published") String published,
                                    @QueryParam("saved") String saved,
                                    @QueryParam("warning") List<String> warnings) {
        String notice = published != null ? "Published release " + published + "."
                : "created".equals(saved) ? "Profile created." : saved != null ? "Parameters saved." : null;
        return profile(name, blankToNull(tenant), notice, warnings, null);
    }

    @GET
    @Path("/{name}/edit")
    public TemplateInstance editing(@PathParam("name") String name) {
        try {
            ProvisioningViews.Profile profile = provisioning.profile(name, null);
            if (profile.hasCertificates()) {
                return Templates.edit(viewer, null, false, ProvisioningViews.DIALECTS, withCertificates(name),
                        Map.of());
            }
            return Templates.edit(viewer, ProfileForm.of(profile), false, ProvisioningViews.DIALECTS, null, Map.of());
        } catch (ApiProblem problem) {
            return Templates.edit(viewer, null, false, ProvisioningViews.DIALECTS, notFound(name, problem), Map.of());
        }
    }

    /**
     * Replaces the profile's dialect and parameters through the API's PUT, which replaces the whole content: what the
     * form does not show (overrides, settings, firmware, references, operations) goes back as the API answered it,
     * secrets without values, which the API keeps.
     */
    @POST
    @Path("/{name}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object save(@PathParam("name") String name, MultivaluedMap<String, String> posted) {
        ProfileForm form = ProfileForm.posted(posted);
        ProfileForm named = new ProfileForm(name, form.dialect(), form.rows());
        try {
            JsonNode stored = provisioning.profileAsIs(name);
            if (stored.path("certificates").size() > 0) {
                return Templates.edit(viewer, null, false, ProvisioningViews.DIALECTS, withCertificates(name),
                        Map.of());
            }
            ObjectNode body = ((ObjectNode) stored).deepCopy();
            body.remove(List.of("tenantId", "name", "createdAt", "updatedAt", "latestRelease", "certificates"));
            body.put("dialect", form.dialect());
            body.set("parameters", form.parameters());
            provisioning.replace(name, body);
            return Response.seeOther(UriBuilder.fromPath("/profiles/{name}").queryParam("saved", "parameters")
                    .build(name)).build();
        } catch (ApiProblem problem) {
            return Templates.edit(viewer, named.shownAgain(), false, ProvisioningViews.DIALECTS, problem.message(),
                    form.controls(problem.fieldMessages()));
        }
    }

    /**
     * A publish to every device of the profile, to a percentage of them, to those with a label or for rollouts only
     * ({@code audience} all, percent, label or rollout), or a roll back to an earlier release ({@code from}).
     */
    @POST
    @Path("/{name}/publish")
    public Object publish(@PathParam("name") String name, @RestForm String audience, @RestForm String percent,
                          @RestForm String label, @RestForm String from) {
        try {
            ProvisioningViews.Release release = "rollout".equals(audience) && blankToNull(from) == null
                    ? provisioning.publishForRollouts(name)
                    : provisioning.publish(name, "percent".equals(audience) ? blankToNull(percent) : null,
                    "label".equals(audience) ? blankToNull(label) : null, blankToNull(from));
            UriBuilder page = UriBuilder.fromPath("/profiles/{name}").queryParam("published", release.uvc());
            if (release.warnings() != null) {
                release.warnings().forEach(warning -> page.queryParam("warning", warning.code()));
            }
            return Response.seeOther(page.build(name)).build();
        } catch (ApiProblem problem) {
            return profile(name, null, null, List.of(), problem.message());
        }
    }

    /** What changes from release {@code from} to release {@code to}, as the API compares them. */
    @GET
    @Path("/{name}/diff")
    public TemplateInstance diff(@PathParam("name") String name, @QueryParam("from") String from,
                                 @QueryParam("to") String to, @QueryParam("tenant") String tenant) {
        if (blankToNull(from) == null || blankToNull(to) == null) {
            return Templates.diff(viewer, name, blankToNull(tenant), null,
                    "Pick two releases on the profile's page to compare.");
        }
        try {
            return Templates.diff(viewer, name, blankToNull(tenant),
                    provisioning.diff(name, from.trim(), to.trim(), blankToNull(tenant)), null);
        } catch (ApiProblem problem) {
            String message = problem.status() == 404
                    ? "No such releases of profile " + name + " in your tenant." : problem.message();
            return Templates.diff(viewer, name, blankToNull(tenant), null, message);
        }
    }

    private static String withCertificates(String name) {
        return "Profile " + name + " has CA certificates. The provisioning API replaces a profile only with the "
                + "certificates' data, which it never answers, so the console cannot keep them: edit this profile "
                + "through the API (PUT /api/v1/profiles/" + name + ").";
    }

    private static String notFound(String name, ApiProblem problem) {
        return problem.status() == 404 ? "No profile " + name + " in your tenant." : problem.message();
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private TemplateInstance profile(String name, String tenant, String notice, List<String> warnings, String error) {
        try {
            ProvisioningViews.Profile profile = provisioning.profile(name, tenant);
            return Templates.profile(viewer, profile, tenant, provisioning.releases(name, tenant, 0, RELEASES),
                    PublishWarning.of(warnings), error, notice);
        } catch (ApiProblem problem) {
            return Templates.profile(viewer, null, tenant, null, List.of(), notFound(name, problem), null);
        }
    }
}
