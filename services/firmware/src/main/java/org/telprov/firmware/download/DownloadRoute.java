package org.telprov.firmware.download;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.telprov.firmware.FirmwareConfig;
import org.telprov.firmware.checkin.DownloadCheckins;
import org.telprov.firmware.store.BlobStore;
import org.telprov.support.probing.ProbeBudget;
import org.telprov.support.trace.DeviceSpans;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * The device-facing download: {@code GET|HEAD /firmware/download/<id>?tenant=…&mac=…&expires=…&signature=…}. No
 * token: the signed link is the credential, and a forged, expired or foreign-MAC link gets an empty 403, as does a
 * valid link for an artifact that is neither its tenant's nor the platform's (or is unknown); 429 instead once its
 * source address has spent its probing budget on such refusals; a valid link of a suspended tenant's device gets the
 * empty 404 of every device path. Serves
 * single byte ranges (so a device on a bad network resumes), conditional requests on the SHA-256 ETag, and sends the
 * file with sendfile (zero copy). Every download that delivers the artifact's last byte is a {@code device.fetched}.
 *
 * <p>A plain Vert.x route rather than a JAX-RS resource: it needs the response's sendFile and its completion.
 */
@ApplicationScoped
public class DownloadRoute {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final DownloadLinks links;
    private final DownloadService downloads;
    private final DownloadCheckins checkins;
    private final BlobStore store;
    private final ProbeBudget probing;
    /** Bytes of firmware sent to devices, ranges included: what the device Ingress carries for firmware. */
    private final Counter bytesSent;

    public DownloadRoute(DownloadLinks links, DownloadService downloads, DownloadCheckins checkins, BlobStore store,
                         FirmwareConfig config, MeterRegistry registry) {
        this.links = links;
        this.downloads = downloads;
        this.checkins = checkins;
        this.store = store;
        this.probing = new ProbeBudget(config.probing(), "firmware", registry);
        this.bytesSent = Counter.builder("telprov.firmware.download.sent").baseUnit("bytes")
                .description("Bytes of firmware sent to devices").register(registry);
    }

    void register(@Observes Router router) {
        router.route(DownloadLinks.PATH + ":id").method(HttpMethod.GET).method(HttpMethod.HEAD)
                .blockingHandler(this::serve, false);
    }

    private void serve(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        String id = context.pathParam("id");
        String mac = request.getParam("mac");
        DeviceSpans.mac(mac);
        String tenant = request.getParam("tenant");
        // Another tenant's artifact is refused like a forged link: the device's tenant is all a link entitles it to.
        Optional<Download> found = links.verify(id, tenant, mac, request.getParam("expires"), request.getParam("signature"))
                ? downloads.find(UUID.fromString(id), tenant) : Optional.empty();
        if (found.isEmpty()) {
            // a refusal spends the caller's probing budget, so forging links is as slow as scanning MACs
            String source = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
            response.setStatusCode(probing.spend(source) ? 403 : 429).end();
            return;
        }
        // a valid link of a suspended tenant's device: the empty 404 its devices get on every device path
        Optional<Path> file = downloads.serves(found.get()) ? store.file(found.get().sha256()) : Optional.empty();
        if (file.isEmpty()) {
            response.setStatusCode(404).end();
            return;
        }
        Download download = found.get();
        long length = download.size();
        response.putHeader(HttpHeaders.ETAG, download.etag())
                .putHeader(HttpHeaders.LAST_MODIFIED, HTTP_DATE.format(download.createdAt()))
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
                .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-transform");
        if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), download.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        ByteRange.Request wanted = ignoresRange(request.getHeader("If-Range"), download)
                ? new ByteRange.Whole() : ByteRange.parse(request.getHeader("Range"), length);
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
        long offset;
        long count;
        if (wanted instanceof ByteRange.Unsatisfiable) {
            response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + length).end();
            return;
        } else if (wanted instanceof ByteRange.Partial partial) {
            offset = partial.range().first();
            count = partial.range().length();
            response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, partial.range().contentRange(length));
        } else {
            offset = 0;
            count = length;
            response.setStatusCode(200);
        }
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(count)).end();
            return;
        }
        boolean completes = offset + count == length;
        String sourceIp = request.remoteAddress() == null ? null : request.remoteAddress().host();
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        response.sendFile(file.get().toString(), offset, count).onSuccess(sent -> {
            bytesSent.increment(count);
            if (completes) {
                context.vertx().executeBlocking(() -> {
                    checkins.fetched(mac, download.tenantId(), download.artifactId(), download.version(), sourceIp,
                            userAgent);
                    return null;
                }, false).onFailure(e -> Log.warnf("Could not record the download of %s by %s: %s", id, mac, e));
            }
        });
    }

    /** If-None-Match: {@code *} or a list of tags, weak ones compared weakly as RFC 7232 says for this header. */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    /** If-Range with a tag other than ours (or a date: we only compare tags) means the range no longer applies. */
    private static boolean ignoresRange(String ifRange, Download download) {
        return ifRange != null && !ifRange.strip().equals(download.etag());
    }
}
