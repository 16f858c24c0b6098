package org.telprov.redirect.lookup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.telprov.redirect.RedirectConfig;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.Problem;
import org.telprov.support.problem.ProblemException;
import org.telprov.support.trace.DeviceSpans;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Device-facing lookup: a phone asks by MAC where its provisioning server is, at {@code GET /device/<file>} (the MAC
 * in the path, else in the User-Agent) or {@code GET /device} (the MAC in {@code ?mac=}, else in the User-Agent). No
 * token; phones have none.
 *
 * <p>A plain Vert.x route on the event loop rather than a JAX-RS resource: this is the service's hot path, and the
 * JAX-RS machinery around it cost more than the lookup itself (docs/performance.md). The answers are the ones the
 * JAX-RS resource gave, problem+json for a request without a MAC included; {@code META-INF/openapi.yaml} documents
 * the endpoint, since no annotations describe it.
 */
@ApplicationScoped
public class LookupRoute {

    private static final String FILES = "/device/";
    private static final Problem NO_MAC_PROBLEM = ProblemException.badRequest("invalid_mac",
            "no MAC address in the path, the mac query parameter or a known vendor's User-Agent", "mac").problem();
    // Capitalised as the JAX-RS resource wrote them: a phone's HTTP client may compare header names case-sensitively.
    private static final CharSequence LOCATION = HttpHeaders.createOptimized("Location");
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence PROBLEM_JSON = HttpHeaders.createOptimized(Problem.MEDIA_TYPE);
    private static final CharSequence XML = HttpHeaders.createOptimized("application/xml");

    private final LookupService lookups;
    private final DeviceMacs macs;
    private final ClientCertificates certificates;
    private final int redirectStatus;
    private final ObjectMapper json;
    private final Counter invalid;

    public LookupRoute(LookupService lookups, DeviceMacs macs, ClientCertificates certificates, RedirectConfig config,
                       ObjectMapper json, MeterRegistry registry) {
        this.lookups = lookups;
        this.macs = macs;
        this.certificates = certificates;
        this.redirectStatus = config.redirectStatus();
        this.json = json;
        this.invalid = registry.counter("telprov.redirect.lookups", "outcome", "invalid");
    }

    void register(@Observes Router router) {
        router.route("/device").handler(this::byQueryOrAgent);
        // a prefix rather than "/device/:file": Vert.x matches a path parameter with a regular expression per request
        router.route(FILES + "*").handler(this::byPath);
    }

    private void byPath(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.length() <= FILES.length()) {
            byQueryOrAgent(context);
            return;
        }
        String file = path.substring(FILES.length());
        if (file.indexOf('/') >= 0) {
            // not a file in /device: whatever answers unknown paths answers this one
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        if (!allowed(request)) {
            return;
        }
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        long mac = macs.fromPath(decoded(file));
        if (mac == DeviceMacs.NONE) {
            mac = macs.fromUserAgent(userAgent);
        }
        if (mac == DeviceMacs.NONE) {
            invalid.increment();
            problem(request.response(), NO_MAC_PROBLEM);
            return;
        }
        answer(request, mac, userAgent);
    }

    private void byQueryOrAgent(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!allowed(request)) {
            return;
        }
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        String query = request.getParam("mac");
        long mac;
        // an empty ?mac= counts as none, as it did for JAX-RS
        if (query != null && !query.isEmpty()) {
            try {
                mac = Inputs.mac(query, "mac").value();
            } catch (ProblemException e) {
                invalid.increment();
                problem(request.response(), e.problem());
                return;
            }
        } else {
            mac = macs.fromUserAgent(userAgent);
        }
        if (mac == DeviceMacs.NONE) {
            invalid.increment();
            problem(request.response(), NO_MAC_PROBLEM);
            return;
        }
        answer(request, mac, userAgent);
    }

    private void answer(HttpServerRequest request, long mac, String userAgent) {
        DeviceSpans.mac(mac);
        SocketAddress remote = request.remoteAddress();
        LookupService.Outcome outcome = lookups.lookup(mac, userAgent, remote == null ? null : remote.hostAddress(),
                () -> certificates.macsOf(request));
        HttpServerResponse response = request.response();
        if (outcome instanceof LookupService.Found found) {
            if (found.answer() == RedirectConfig.Answer.XML) {
                response.putHeader(CONTENT_TYPE, XML).end(ProvisioningXml.of(found.url()));
            } else {
                response.setStatusCode(redirectStatus).putHeader(LOCATION, found.url()).end();
            }
        } else {
            response.setStatusCode(outcome instanceof LookupService.Limited ? 429 : 404).end();
        }
    }

    /** The segment percent-decoded as Vert.x decodes a path parameter ('+' stays '+'), or null when malformed. */
    private static String decoded(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** GET and HEAD (answered like GET, without the body); other methods get the 405 the REST layer gave. */
    private boolean allowed(HttpServerRequest request) {
        HttpMethod method = request.method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
            return true;
        }
        problem(request.response(),
                Problem.of(405, "method_not_allowed", "Method Not Allowed", "HTTP 405 Method Not Allowed"));
        return false;
    }

    /** The problem+json answer the REST layer's exception mapper writes, serialised by the same mapper. */
    private void problem(HttpServerResponse response, Problem problem) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem always serialises", e);
        }
        response.setStatusCode(problem.status()).putHeader(CONTENT_TYPE, PROBLEM_JSON)
                .end(Buffer.buffer(body));
    }
}
