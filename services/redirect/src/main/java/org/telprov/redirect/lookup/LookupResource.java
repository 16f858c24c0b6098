package org.telprov.redirect.lookup;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.events.MacAddress;
import org.telprov.redirect.RedirectConfig;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.ProblemException;

import java.util.Optional;

/** Device-facing lookup: a phone asks by MAC where its provisioning server is. No token; phones have none. */
@Path("/device")
@Tag(name = "Device lookup")
public class LookupResource {

    private static final String NO_MAC =
            "no MAC address in the path, the mac query parameter or a known vendor's User-Agent";

    private final LookupService lookups;
    private final DeviceMacs macs;
    private final RedirectConfig config;

    public LookupResource(LookupService lookups, DeviceMacs macs, RedirectConfig config) {
        this.lookups = lookups;
        this.macs = macs;
        this.config = config;
    }

    @GET
    @Path("/{file}")
    @NonBlocking
    @Operation(summary = "Send a device to its tenant's provisioning URL; the MAC from the path",
            description = "The path segment is a MAC (12 hex digits, or pairs separated by ':' or '-'), optionally "
                    + "shaped like a provisioning file name: a model prefix and an extension, e.g. 805ec0123456.cfg "
                    + "or snom720-000413A1B2C3.htm. Other segments fall back to the MAC in the User-Agent.")
    @APIResponse(responseCode = "302", description = "Location: the device's provisioning URL")
    @APIResponse(responseCode = "200", description = "For families configured with answer=xml: the URL in XML")
    @APIResponse(responseCode = "404", description = "Unknown device; the answer says nothing more")
    @APIResponse(responseCode = "429", description = "Too many unknown-MAC lookups from this address")
    @APIResponse(responseCode = "400", description = "No MAC address anywhere in the request")
    public Response byPath(@PathParam("file") String file, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
                           @Context HttpServerRequest request) {
        Optional<MacAddress> mac = macs.fromPath(file).or(() -> macs.fromUserAgent(userAgent));
        return answer(mac.orElseThrow(() -> ProblemException.badRequest("invalid_mac", NO_MAC, "mac")),
                userAgent, request);
    }

    @GET
    @NonBlocking
    @Operation(summary = "Send a device to its tenant's provisioning URL; the MAC from ?mac= or the User-Agent")
    @APIResponse(responseCode = "302", description = "Location: the device's provisioning URL")
    @APIResponse(responseCode = "200", description = "For families configured with answer=xml: the URL in XML")
    @APIResponse(responseCode = "404", description = "Unknown device; the answer says nothing more")
    @APIResponse(responseCode = "429", description = "Too many unknown-MAC lookups from this address")
    @APIResponse(responseCode = "400", description = "No MAC address anywhere in the request")
    public Response byQueryOrAgent(@QueryParam("mac") String mac, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
                                   @Context HttpServerRequest request) {
        MacAddress found = mac != null ? Inputs.mac(mac, "mac")
                : macs.fromUserAgent(userAgent)
                        .orElseThrow(() -> ProblemException.badRequest("invalid_mac", NO_MAC, "mac"));
        return answer(found, userAgent, request);
    }

    private Response answer(MacAddress mac, String userAgent, HttpServerRequest request) {
        String source = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        LookupService.Outcome outcome = lookups.lookup(mac, userAgent, source);
        if (outcome instanceof LookupService.Found found) {
            return found.answer() == RedirectConfig.Answer.XML
                    ? Response.ok(ProvisioningXml.of(found.url()), "application/xml").build()
                    : Response.status(config.redirectStatus()).location(found.url()).build();
        }
        return Response.status(outcome instanceof LookupService.Limited ? 429 : 404).build();
    }
}
