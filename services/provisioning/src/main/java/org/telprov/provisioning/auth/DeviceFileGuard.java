package org.telprov.provisioning.auth;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.telprov.provisioning.file.DeviceRelease;
import org.telprov.provisioning.profile.ProfileContent;

import java.util.Optional;

/** Decides whether a caller may have a device file; HTTP Digest device authentication plugs in here. */
@ApplicationScoped
public class DeviceFileGuard {

    /** The answer that refuses the file (e.g. 401 with a challenge), or empty when it may be served. */
    public Optional<Response> refusal(DeviceRelease device, ProfileContent content, String file,
                                      HttpServerRequest request) {
        return Optional.empty();
    }
}
