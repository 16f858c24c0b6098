package org.telprov.phonesim.http;

import org.telprov.phonesim.PhoneFailure;
import org.telprov.phonesim.report.RunLog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One phone's HTTP conversation over a {@link Transport}: GETs only, redirects followed (up to five), Digest challenges
 * answered with whatever credentials the phone holds at that moment, every exchange logged as a step. Like a phone,
 * it keeps using a server's nonce for later requests to the same origin (nonce-count rising) and answers a
 * {@code stale=true} challenge once with the new nonce.
 */
public final class HttpSession {

    private static final int MAX_REDIRECTS = 5;
    /** Provisioning files are small; a larger body is kept no further and fails the phone. */
    private static final int MAX_KEPT_BYTES = 8 << 20;
    /** What a download keeps of its body: enough for the header that names an image's version. */
    public static final int DOWNLOAD_HEAD_BYTES = 256;
    private static final List<Integer> REDIRECTS = List.of(301, 302, 303, 307, 308);
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*:");

    /** What to do with a response body and with redirects. */
    public enum Mode {
        /** Keep the body, follow redirects: provisioning files. */
        FILE(true, true),
        /** Count and hash the body, keeping only its head, follow redirects: firmware images. */
        DOWNLOAD(false, true),
        /** Keep the body, hand redirects back: the redirect service's answer is the redirect. */
        LOOKUP(true, false);

        private final boolean keep;
        private final boolean follow;

        Mode(boolean keep, boolean follow) {
            this.keep = keep;
            this.follow = follow;
        }
    }

    private final Transport transport;
    private final RunLog log;
    private final String userAgent;
    private final Duration timeout;
    private final Supplier<Optional<Credentials>> credentials;
    private final Map<String, DigestAuth.NonceUse> nonces = new HashMap<>();

    /**
     * @param credentials asked whenever a challenge arrives, so credentials a file has just set are used at once
     */
    public HttpSession(Transport transport, RunLog log, String userAgent, Duration timeout,
                       Supplier<Optional<Credentials>> credentials) {
        this.transport = transport;
        this.log = log;
        this.userAgent = userAgent;
        this.timeout = timeout;
        this.credentials = credentials;
    }

    public Response get(URI url, Mode mode) throws PhoneFailure {
        return get(url, mode, null);
    }

    /**
     * A conditional GET: with {@code ifNoneMatch} (an ETag the phone stored) the server may answer {@code 304}, which
     * is handed back like any other status.
     */
    public Response get(URI url, Mode mode, String ifNoneMatch) throws PhoneFailure {
        URI current = url;
        for (int hop = 0; ; hop++) {
            Response response = authenticated(current, mode, ifNoneMatch);
            if (!mode.follow || !REDIRECTS.contains(response.status())) {
                return response;
            }
            Optional<String> location = response.header("Location");
            if (location.isEmpty()) {
                log.decide(response.step(), "redirect without Location");
                return response;
            }
            if (hop == MAX_REDIRECTS) {
                log.decide(response.step(), "more than " + MAX_REDIRECTS + " redirects: giving up");
                throw new PhoneFailure("too many HTTP redirects", url.toString());
            }
            current = resolve(current, location.get());
            log.decide(response.step(), "redirect to " + current);
        }
    }

    /** One URL, with at most one answered challenge plus one retry on a stale nonce. */
    private Response authenticated(URI url, Mode mode, String ifNoneMatch) throws PhoneFailure {
        String origin = origin(url);
        String target = target(url);
        Optional<Credentials> known = credentials.get();
        DigestAuth.NonceUse reused = nonces.get(origin);
        String authorization = reused != null && known.isPresent()
                ? reused.authorize(known.get(), "GET", target) : null;
        int answers = 0;
        while (true) {
            Response response = send(url, mode, authorization, ifNoneMatch);
            if (response.status() != 401) {
                return response;
            }
            Optional<DigestAuth.Challenge> challenge =
                    DigestAuth.choose(DigestAuth.parse(response.headers().allValues("WWW-Authenticate")));
            if (challenge.isEmpty()) {
                log.decide(response.step(), "no Digest challenge this phone can answer");
                return response;
            }
            known = credentials.get();
            if (known.isEmpty()) {
                log.decide(response.step(), "Digest challenge, but the phone has no credentials");
                return response;
            }
            boolean stale = challenge.get().stale();
            if (answers == 1 && !stale) {
                log.decide(response.step(), "credentials refused");
                return response;
            }
            if (answers == 2) {
                log.decide(response.step(), "challenged again after a stale nonce: giving up");
                return response;
            }
            answers++;
            DigestAuth.NonceUse use = new DigestAuth.NonceUse(challenge.get());
            nonces.put(origin, use);
            log.decide(response.step(), (stale ? "stale nonce: answering the new one" : "Digest challenge: answering")
                    + " (" + challenge.get().algorithm().token() + ", realm " + challenge.get().realm() + ") as "
                    + known.get().user());
            authorization = use.authorize(known.get(), "GET", target);
        }
    }

    private Response send(URI url, Mode mode, String authorization, String ifNoneMatch) throws PhoneFailure {
        Map<String, String> headers = new LinkedHashMap<>(4);
        if (userAgent != null) {
            headers.put("User-Agent", userAgent);
        }
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (ifNoneMatch != null) {
            headers.put("If-None-Match", ifNoneMatch);
        }
        long start = System.nanoTime();
        try {
            Transport.Answer response = transport.get(url, headers, timeout);
            Body body = read(response.body(), mode.keep);
            long nanos = System.nanoTime() - start;
            int step = log.exchange("GET", url, response.status(), body.bytes, nanos, null);
            if (body.tooLarge) {
                log.decide(step, "body larger than " + MAX_KEPT_BYTES + " bytes");
                throw new PhoneFailure("file too large", url.toString());
            }
            return new Response(url, response.status(), response.headers(), body.kept, body.bytes, body.sha256,
                    step);
        } catch (IOException e) {
            long nanos = System.nanoTime() - start;
            String reason = reason(e);
            int step = log.exchange("GET", url, 0, 0, nanos, reason + ": " + e);
            throw new PhoneFailure(reason, log.steps().get(step).url());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhoneFailure("interrupted", url.toString());
        }
    }

    private static String reason(IOException e) {
        if (e instanceof HttpTimeoutException || e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof ConnectException) {
            return "connection failed";
        }
        return "I/O error (" + e.getClass().getSimpleName() + ")";
    }

    private record Body(byte[] kept, long bytes, String sha256, boolean tooLarge) {
    }

    private static Body read(InputStream in, boolean keep) throws IOException {
        MessageDigest sha256 = sha256();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        boolean tooLarge = false;
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                sha256.update(buffer, 0, n);
                if (keep) {
                    if (total > MAX_KEPT_BYTES) {
                        tooLarge = true;
                        break;
                    }
                    kept.write(buffer, 0, n);
                } else if (kept.size() < DOWNLOAD_HEAD_BYTES) {
                    kept.write(buffer, 0, Math.min(n, DOWNLOAD_HEAD_BYTES - kept.size()));
                }
            }
        }
        return new Body(kept.toByteArray(), total, HexFormat.of().formatHex(sha256.digest()),
                tooLarge);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A Location (or a file's link) against the URL it came from; an unusable one fails the phone. */
    public static URI resolve(URI base, String reference) throws PhoneFailure {
        String link = reference.trim();
        if (!SCHEME.matcher(link).lookingAt() && link.indexOf(':') >= 0
                && (link.indexOf('/') < 0 || link.indexOf(':') < link.indexOf('/'))) {
            // a relative path whose first segment holds a colon (a UVC: 2026-03-01_10:00:00/settings.xml) would
            // read as a scheme; RFC 3986 §4.2 writes it as ./<path>
            link = "./" + link;
        }
        try {
            return usable(base.resolve(new URI(link)), reference);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new PhoneFailure("unusable URL", reference);
        }
    }

    /** An absolute http(s) URL, as configured; an unusable one fails the phone. */
    public static URI absolute(String url) throws PhoneFailure {
        try {
            return usable(new URI(url.trim()), url);
        } catch (URISyntaxException e) {
            throw new PhoneFailure("unusable URL", url);
        }
    }

    private static URI usable(URI url, String text) throws PhoneFailure {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new PhoneFailure("unusable URL", text);
        }
        return url;
    }

    private static String origin(URI url) {
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority().toLowerCase(Locale.ROOT);
    }

    /** The request-target, which is Digest's {@code uri}. */
    private static String target(URI url) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
