package org.telprov.console.provisioning;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.telprov.console.api.BearerTokenPropagation;
import org.telprov.console.api.ProblemResponses;

/** The provisioning service's device authentication setting of the person's tenant, with the person's token. */
@RegisterRestClient(configKey = "provisioning")
@RegisterProvider(BearerTokenPropagation.class)
@RegisterProvider(ProblemResponses.class)
@Path("/api/v1/device-auth")
@Produces(MediaType.APPLICATION_JSON)
public interface DeviceAuthApi {

    @GET
    ProvisioningViews.DeviceAuth get();

    /** Replaces the setting; lists left {@code null} take the API's defaults. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    ProvisioningViews.DeviceAuth replace(ProvisioningViews.DeviceAuth setting);

    /** Forgets which credentials a device holds (a phone reset to its factory state). */
    @DELETE
    @Path("/devices/{mac}")
    void forget(@PathParam("mac") String mac);
}
