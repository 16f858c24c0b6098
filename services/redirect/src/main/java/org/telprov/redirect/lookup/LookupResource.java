package org.telprov.redirect.lookup;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.events.MacAddress;
import org.telprov.redirect.RedirectConfig;
import org.telprov.redirect.route.RouteTable;
import org.telprov.support.problem.Inputs;

/** Device-facing lookup: a phone asks by MAC where its provisioning server is. No token; phones have none. */
@Path("/device")
@Tag(name = "Device lookup")
public class LookupResource {

    private final RouteTable routes;
    private final RedirectConfig config;

    public LookupResource(RouteTable routes, RedirectConfig config) {
        this.routes = routes;
        this.config = config;
    }

    @GET
    @Path("/{mac}")
    @NonBlocking
    @Operation(summary = "Redirect a device to its tenant's provisioning URL")
    @APIResponse(responseCode = "302", description = "Location: the device's provisioning URL")
    @APIResponse(responseCode = "404", description = "Unknown device; the answer says nothing more")
    @APIResponse(responseCode = "400", description = "Not a MAC address")
    public Response lookup(@PathParam("mac") String text) {
        MacAddress mac = Inputs.mac(text, "mac");
        return routes.route(mac.value())
                .flatMap(route -> UrlTemplate.expand(route.template(), mac, route.device().serial(), route.device().model()))
                .map(url -> Response.status(config.redirectStatus()).location(url).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }
}
