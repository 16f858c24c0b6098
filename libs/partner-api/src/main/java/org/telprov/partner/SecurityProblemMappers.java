package org.telprov.partner;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.telprov.support.problem.Problem;
import org.telprov.support.tenant.TenantStatus;

/** Answers missing, invalid and insufficient credentials with problem+json, like every other error. */
public class SecurityProblemMappers {

    private final SecurityIdentity identity;

    public SecurityProblemMappers(SecurityIdentity identity) {
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized("the access token is missing, expired, or not for this API");
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized("an access token is required");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        Object refused = identity.getAttribute(TenantStatusAugmentor.REFUSED_STATUS);
        Problem problem;
        if (refused == TenantStatus.SUSPENDED) {
            problem = Problem.of(403, "tenant_suspended", "Forbidden", "your tenant is suspended; ask the operator");
        } else if (refused == TenantStatus.UNKNOWN) {
            problem = Problem.of(403, "unknown_tenant", "Forbidden", "your tenant is not known here; ask the operator");
        } else {
            problem = Problem.of(403, "forbidden", "Forbidden", "your role does not allow this operation");
        }
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static Response unauthorized(String detail) {
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Problem.of(401, "unauthorized", "Unauthorized", detail))
                .build();
    }
}
