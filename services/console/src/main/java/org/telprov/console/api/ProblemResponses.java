package org.telprov.console.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.io.IOException;
import java.io.InputStream;

/**
 * Turns every error answer of a service into an {@link ApiProblem}: problem+json read as such, anything else (a proxy's
 * HTML page, an empty 502) as a problem with only its status, so a page never shows a stack trace.
 */
public class ProblemResponses implements ResponseExceptionMapper<ApiProblem> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public ApiProblem toThrowable(Response response) {
        return new ApiProblem(response.getStatus(), body(response));
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    private static ApiProblem.Body body(Response response) {
        String type = response.getHeaderString("Content-Type");
        if (type == null || !type.contains("json") || !response.hasEntity()) {
            return null;
        }
        try {
            response.bufferEntity();
            return JSON.readValue(response.readEntity(InputStream.class), ApiProblem.Body.class);
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }
}
