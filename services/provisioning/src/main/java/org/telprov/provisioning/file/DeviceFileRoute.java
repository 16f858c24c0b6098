package org.telprov.provisioning.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.telprov.provisioning.dialect.Dialects;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.DeviceUrls;
import org.telprov.support.problem.Problem;
import org.telprov.support.trace.DeviceSpans;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files devices fetch, without tokens, under their own MAC: {@code /prov/<mac>/…}, in the dialect of their
 * release (docs/device-files.md). Anything the device does not get (unknown or released MAC, no profile, no release, a
 * file the release lacks, another dialect's file, any other path below the MAC) is an empty 404 that tells nothing.
 *
 * <p>A plain Vert.x route rather than a JAX-RS resource, as the redirect service's lookup: the JAX-RS machinery cost
 * more than serving a cached file. What can be decided from the URL and memory alone (a path no dialect has, a MAC or
 * UVC that is not one by its format, an address without probing budget) and what memory alone answers (the steady
 * state: the device, its release and the release's content in memory, a public file, or a Digest answer with the
 * credentials this replica remembers the device proved) is answered on the event loop; the rest (a release content
 * read from the database, a device the credential store must be read or written for) runs on a worker thread in a
 * request context. Requests are counted by outcome in
 * {@code telprov_provisioning_files_total{dialect,file,outcome}} instead of Quarkus' per-request timers, which
 * application.properties turns off for /prov. {@code META-INF/openapi.yaml} documents the paths.
 */
@ApplicationScoped
public class DeviceFileRoute {

    public static final String PATH = DeviceUrls.PATH;

    // Capitalised as the JAX-RS resource wrote them: a phone's HTTP client may compare header names case-sensitively.
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence CONTENT_LENGTH = HttpHeaders.createOptimized("Content-Length");
    private static final CharSequence ETAG = HttpHeaders.createOptimized("ETag");
    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    private static final CharSequence LOCATION = HttpHeaders.createOptimized("Location");
    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private static final String NONE = "none";

    private final DeviceFiles files;
    private final Dialects dialects;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter onWorker;

    public DeviceFileRoute(DeviceFiles files, Dialects dialects, ObjectMapper json, MeterRegistry registry) {
        this.files = files;
        this.dialects = dialects;
        this.json = json;
        this.registry = registry;
        this.onWorker = Counter.builder("telprov.provisioning.files.on.worker")
                .description("Device file requests memory alone could not answer, served on a worker thread")
                .register(registry);
    }

    void register(@Observes Router router) {
        // a prefix rather than path parameters: Vert.x matches those with a regular expression per request
        router.route(PATH + "/*").handler(this::handle);
    }

    private void handle(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.length() <= PATH.length() + 1) {
            // /prov itself names no device: whatever answers unknown paths answers it
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            count(null, null, "method_not_allowed");
            problem(request.response(),
                    Problem.of(405, "method_not_allowed", "Method Not Allowed", "HTTP 405 Method Not Allowed"));
            return;
        }
        String[] segments = segments(path.substring(PATH.length() + 1));
        Map<Dialect, DeviceFile> named = segments == null ? Map.of()
                : dialects.files(segments[0], Arrays.asList(segments).subList(1, segments.length), Instant.now());
        if (named.isEmpty()) {
            write(request.response(), DeviceAnswer.notFound());
            return;
        }
        String mac = segments[0];
        DeviceSpans.mac(mac);
        // dialects that name a file at the same path agree on the release it is of: only Maxwell 1.0 names UVCs
        String uvc = named.values().stream().map(DeviceFile::uvc).filter(u -> u != null).findFirst().orElse(null);
        if (!files.allows(request)) {
            write(request.response(), DeviceAnswer.limited());
            return;
        }
        Optional<DeviceAnswer> malformed = files.malformed(mac, uvc, request);
        if (malformed.isPresent()) {
            write(request.response(), malformed.get());
            return;
        }
        DeviceAnswer fromMemory = files.serveFromMemory(mac, uvc, request, named);
        if (fromMemory != null) {
            write(request.response(), fromMemory);
            return;
        }
        onWorker.increment();
        context.vertx().executeBlocking(() -> {
            ManagedContext requestContext = Arc.container().requestContext();
            requestContext.activate();
            try {
                return files.serve(mac, uvc, request, named);
            } finally {
                requestContext.terminate();
            }
        }, false).onComplete(done -> {
            if (done.succeeded()) {
                write(request.response(), done.result());
            } else {
                context.fail(done.cause());
            }
        });
    }

    /**
     * The path below {@code /prov/}, percent-decoded segment by segment as JAX-RS decoded path parameters, the
     * directory's trailing slash dropped; null when a segment does not decode.
     */
    private static String[] segments(String below) {
        String[] raw = below.split("/", -1);
        int count = raw.length == 2 && raw[1].isEmpty() ? 1 : raw.length;
        String[] segments = new String[count];
        for (int i = 0; i < count; i++) {
            String segment = raw[i];
            if (segment.indexOf('%') >= 0) {
                try {
                    segment = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException malformed) {
                    return null;
                }
            }
            if (segment.isEmpty()) {
                return null;
            }
            segments[i] = segment;
        }
        return segments;
    }

    private void write(HttpServerResponse response, DeviceAnswer answer) {
        count(answer.dialect(), answer.file(), answer.outcome().tag());
        response.setStatusCode(answer.status());
        if (answer.contentType() != null) {
            response.putHeader(CONTENT_TYPE, answer.contentType());
        }
        if (answer.etag() != null) {
            response.putHeader(ETAG, answer.etag());
        }
        if (answer.cacheControl() != null) {
            response.putHeader(CACHE_CONTROL, answer.cacheControl());
        }
        if (answer.location() != null) {
            response.putHeader(LOCATION, answer.location());
        }
        if (!answer.challenges().isEmpty()) {
            response.putHeader(WWW_AUTHENTICATE, answer.challenges());
        }
        if (answer.body() == null) {
            response.end();
        } else {
            // set here, as Vert.x leaves it out of a HEAD answer, where it tells what GET would send
            response.putHeader(CONTENT_LENGTH, String.valueOf(answer.body().length));
            // wrapped, not copied as Buffer.buffer(byte[]) would: the bytes are the answer's own or a shared file's,
            // which nothing writes to
            response.end(Buffer.buffer(Unpooled.wrappedBuffer(answer.body())));
        }
    }

    /** Tags from closed sets: the dialects, the file names of docs/device-files.md, certificates as one name. */
    private void count(Dialect dialect, String file, String outcome) {
        String fileTag = file == null ? NONE : file.startsWith("custom/") && file.endsWith(".pem") ? "custom/*.pem"
                : file;
        String dialectTag = dialect == null ? NONE : dialect.id();
        counters.computeIfAbsent(dialectTag + "|" + fileTag + "|" + outcome, key ->
                Counter.builder("telprov.provisioning.files").tag("dialect", dialectTag).tag("file", fileTag)
                        .tag("outcome", outcome).description("Device file requests, by outcome")
                        .register(registry)).increment();
    }

    /** The problem+json answer the REST layer's exception mapper writes, serialised by the same mapper. */
    private void problem(HttpServerResponse response, Problem problem) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem always serialises", e);
        }
        response.setStatusCode(problem.status()).putHeader(CONTENT_TYPE, Problem.MEDIA_TYPE).end(Buffer.buffer(body));
    }
}
