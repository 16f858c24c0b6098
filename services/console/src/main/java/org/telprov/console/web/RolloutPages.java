package org.telprov.console.web;

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
import org.telprov.console.inventory.InventoryApi;
import org.telprov.console.inventory.InventoryViews;
import org.telprov.console.provisioning.ProvisioningApi;
import org.telprov.console.provisioning.ProvisioningViews;
import org.telprov.console.provisioning.RolloutApi;
import org.telprov.console.provisioning.RolloutViews;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rollouts (docs/rollouts.md): the list, one rollout's progress per group and in total with the devices of one state,
 * the commands its status allows, the emergency stop behind a confirmation, and the form that plans a release rollout
 * of a profile. While a rollout has not ended its page polls its progress. The provisioning API decides whose rollouts
 * a person sees (the operator's every tenant's) and refuses what the status does not allow; its 409 is shown in words.
 */
@Path("/rollouts")
@Produces(MediaType.TEXT_HTML)
public class RolloutPages {

    /** What a rollout id looks like: the API's UUIDs. Anything else names no rollout and reaches no service. */
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private static final String NOT_FOUND = "No such rollout in your tenant.";

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance rollouts(Viewer viewer, InventoryViews.Page<RolloutViews.Rollout> page,
                                                String tenant, List<InventoryViews.Tenant> tenants, String error);

        static native TemplateInstance rollout(Viewer viewer, RolloutViews.Rollout rollout,
                                               List<RolloutCommand> commands, boolean stoppable, String shown,
                                               String state, InventoryViews.Page<RolloutViews.Device> devices,
                                               String error, String notice, String refused);

        /** The part of a rollout's page that its htmx polling replaces. */
        static native TemplateInstance progress(RolloutViews.Rollout rollout, String shown);

        static native TemplateInstance stop(Viewer viewer, RolloutViews.Rollout rollout, String error,
                                            Map<String, String> fieldErrors);

        static native TemplateInstance create(Viewer viewer, String profile,
                                              List<ProvisioningViews.Release> releases, RolloutForm form,
                                              String error, Map<String, String> fieldErrors);
    }

    private final RolloutApi rollouts;
    private final ProvisioningApi provisioning;
    private final InventoryApi inventory;
    private final Viewer viewer;
    private final ConsoleConfig config;

    public RolloutPages(@RestClient RolloutApi rollouts, @RestClient ProvisioningApi provisioning,
                        @RestClient InventoryApi inventory, Viewer viewer, ConsoleConfig config) {
        this.rollouts = rollouts;
        this.inventory = inventory;
        this.provisioning = provisioning;
        this.viewer = viewer;
        this.config = config;
    }

    /** The rollouts, newest first: the tenant's, or the operator's every tenant's or one tenant's. */
    @GET
    public TemplateInstance list(@QueryParam("page") Integer page, @QueryParam("tenant") String tenant) {
        String narrowedTo = viewer.operator() && tenant != null && !tenant.isBlank() ? tenant.trim() : null;
        List<InventoryViews.Tenant> tenants = DevicePages.tenantsToNarrowBy(inventory, viewer);
        try {
            return Templates.rollouts(viewer, rollouts.rollouts(page == null || page < 0 ? 0 : page,
                    config.pageSize(), narrowedTo), narrowedTo, tenants, null);
        } catch (ApiProblem problem) {
            return Templates.rollouts(viewer, null, narrowedTo, tenants, problem.message());
        }
    }

    /** The form for a rollout of one of the profile's releases published for rollouts, the newest chosen. */
    @GET
    @Path("/new")
    public TemplateInstance creating(@QueryParam("profile") String profile) {
        String name = ProfilePages.blankToNull(profile);
        if (name == null) {
            return Templates.create(viewer, null, List.of(), null, "Open the profile whose release to roll out, "
                    + "and follow its link “Roll out a release”.", Map.of());
        }
        try {
            List<ProvisioningViews.Release> releases = forRollouts(name);
            return Templates.create(viewer, name, releases,
                    RolloutForm.defaults(name, releases.isEmpty() ? "" : releases.get(0).uvc()), null, Map.of());
        } catch (ApiProblem problem) {
            return Templates.create(viewer, null, List.of(), null, profileProblem(name, problem), Map.of());
        }
    }

    @POST
    @Path("/new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Object create(MultivaluedMap<String, String> posted) {
        String name = ProfilePages.blankToNull(posted.getFirst("profile"));
        if (name == null) {
            return creating(null);
        }
        RolloutForm form = RolloutForm.posted(name, posted);
        try {
            RolloutViews.Rollout created = rollouts.create(form.body());
            return Response.seeOther(UriBuilder.fromPath("/rollouts/{id}").queryParam("done", "created")
                    .build(created.id())).build();
        } catch (ApiProblem problem) {
            List<ProvisioningViews.Release> releases;
            try {
                releases = forRollouts(name);
            } catch (ApiProblem unreadable) {
                return Templates.create(viewer, null, List.of(), null, profileProblem(name, unreadable), Map.of());
            }
            return Templates.create(viewer, name, releases, form, problem.message(),
                    RolloutForm.controls(problem.fieldMessages()));
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance rollout(@PathParam("id") String id, @QueryParam("state") String state,
                                    @QueryParam("page") Integer page, @QueryParam("done") String done) {
        String notice = "created".equals(done) ? "Rollout planned."
                : RolloutCommand.of(done).map(RolloutCommand::done).orElse(null);
        return page(id, state, page == null || page < 0 ? 0 : page, null, notice, null);
    }

    /** The progress alone, which the page polls while the rollout has not ended. */
    @GET
    @Path("/{id}/progress")
    public Object progress(@PathParam("id") String id, @QueryParam("shown") String shown) {
        if (!ID.matcher(id).matches()) {
            return Response.status(404).build();
        }
        try {
            return Templates.progress(rollouts.rollout(id), shown);
        } catch (ApiProblem problem) {
            // the page polled keeps what it shows; htmx swaps nothing on an error answer
            return Response.status(problem.status() == 404 ? 404 : 502).build();
        }
    }

    @GET
    @Path("/{id}/stop")
    public TemplateInstance stopping(@PathParam("id") String id) {
        return stopPage(id, null, Map.of());
    }

    /** The emergency stop, once the person ticked that every device reached gets its previous version back. */
    @POST
    @Path("/{id}/stop")
    public Object stop(@PathParam("id") String id, @RestForm String confirm) {
        if (!"yes".equals(confirm)) {
            return stopPage(id, "Tick the box to confirm the emergency stop.", Map.of("confirm", "required"));
        }
        return command(id, RolloutCommand.STOP.path());
    }

    @POST
    @Path("/{id}/{command}")
    public Object command(@PathParam("id") String id, @PathParam("command") String command) {
        RolloutCommand given = RolloutCommand.of(command).orElse(null);
        if (given == null || !ID.matcher(id).matches()) {
            return Response.status(404).entity(Templates.rollout(viewer, null, List.of(), false, null, null, null,
                    given == null ? "No such command." : NOT_FOUND, null, null)).build();
        }
        try {
            RolloutViews.Rollout rollout = rollouts.command(id, given.path());
            return Response.seeOther(UriBuilder.fromPath("/rollouts/{id}").queryParam("done", given.path())
                    .build(rollout.id())).build();
        } catch (ApiProblem problem) {
            if (problem.status() == 409) {
                return page(id, null, 0, null, null, RolloutCommand.refusal(problem));
            }
            return page(id, null, 0, problem.status() == 404 ? NOT_FOUND : problem.message(), null, null);
        }
    }

    private TemplateInstance page(String id, String state, int page, String error, String notice, String refused) {
        if (!ID.matcher(id).matches()) {
            return Templates.rollout(viewer, null, List.of(), false, null, null, null, NOT_FOUND, null, null);
        }
        String only = state != null && RolloutViews.STATES.contains(state) ? state : null;
        try {
            RolloutViews.Rollout rollout = rollouts.rollout(id);
            InventoryViews.Page<RolloutViews.Device> devices;
            String devicesError = null;
            try {
                devices = rollouts.devices(id, only, page, config.pageSize());
            } catch (ApiProblem problem) {
                devices = null;
                devicesError = problem.message();
            }
            return Templates.rollout(viewer, rollout, RolloutCommand.buttons(rollout, viewer),
                    RolloutCommand.STOP.allowed(rollout, viewer), rollout.status(), only, devices,
                    error != null ? error : devicesError, notice, refused);
        } catch (ApiProblem problem) {
            return Templates.rollout(viewer, null, List.of(), false, null, null, null,
                    problem.status() == 404 ? NOT_FOUND : problem.message(), null, null);
        }
    }

    private TemplateInstance stopPage(String id, String error, Map<String, String> fieldErrors) {
        if (!ID.matcher(id).matches()) {
            return Templates.stop(viewer, null, NOT_FOUND, Map.of());
        }
        try {
            return Templates.stop(viewer, rollouts.rollout(id), error, fieldErrors);
        } catch (ApiProblem problem) {
            return Templates.stop(viewer, null, problem.status() == 404 ? NOT_FOUND : problem.message(), Map.of());
        }
    }

    /** The profile's releases a rollout may bring (published for rollouts), newest first. */
    private List<ProvisioningViews.Release> forRollouts(String profile) {
        return provisioning.releases(profile, null, 0, ProfilePages.RELEASES).items().stream()
                .filter(ProvisioningViews.Release::forRollouts).toList();
    }

    private static String profileProblem(String name, ApiProblem problem) {
        return problem.status() == 404 ? "No profile " + name + " in your tenant." : problem.message();
    }
}
