package org.telprov.console.api;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Sends the logged-in person's access token (from Keycloak's authorization code flow) with every call to a service, so
 * the services' own tenant and role checks decide what the person may see and do: the console adds none of its own.
 * Quarkus' token-propagation extension does the same, but its 3.33.2 parent POM is missing from Maven Central.
 */
public class BearerTokenPropagation implements ClientRequestFilter {

    private final SecurityIdentity identity;

    public BearerTokenPropagation(SecurityIdentity identity) {
        this.identity = identity;
    }

    @Override
    public void filter(ClientRequestContext request) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token != null) {
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token.getToken());
        }
    }
}
