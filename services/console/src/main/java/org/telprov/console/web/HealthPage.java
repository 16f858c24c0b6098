package org.telprov.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.telprov.console.health.PlatformHealth;
import org.telprov.console.health.ServiceHealth;

import java.time.Instant;
import java.util.List;

/**
 * The operator's platform health: each service's readiness, outbox backlog, consumer lag and dead letters. Unlike
 * every other page, the console itself decides who sees it: the services' health and metrics endpoints take no token,
 * so no service's check stands behind it.
 */
@Path("/health")
@Produces(MediaType.TEXT_HTML)
public class HealthPage {

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance health(Viewer viewer, List<ServiceHealth> services, boolean allReady,
                                              Instant checkedAt,
                                              String error);
    }

    private final PlatformHealth health;
    private final Viewer viewer;

    public HealthPage(PlatformHealth health, Viewer viewer) {
        this.health = health;
        this.viewer = viewer;
    }

    @GET
    public Response health() {
        if (!viewer.operator()) {
            return Response.status(Response.Status.FORBIDDEN).entity(Templates.health(viewer, null, false, null,
                    "Not allowed: only the operator sees the platform health.")).build();
        }
        List<ServiceHealth> services = health.check();
        boolean allReady = services.stream().allMatch(ServiceHealth::ready);
        return Response.ok(Templates.health(viewer, services, allReady, Instant.now(), null)).build();
    }
}
