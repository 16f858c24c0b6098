package org.telprov.phonesim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.telprov.phonesim.phone.PhoneRun;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A stand-in for the platform's device-facing side on a local {@link HttpServer}: the redirect service's
 * {@code /device/<mac>} and the files of docs/device-files.md under {@code /prov/<mac>} for one dialect and one
 * release, for any MAC it knows. Tests change the release, override single paths to inject faults, guard paths with
 * HTTP Digest, and read what the server saw.
 */
final class FakePlatform implements AutoCloseable {

    static final String FIRMWARE_ID = "fw-42";

    static {
        // The JDK server writes headers and body separately; with Nagle on, each answer waits ~40 ms for the
        // client's delayed ACK. Read once, when the first server is made.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** What a request got. */
    record Seen(String method, String uri, int status, String authorization, String userAgent, String ifNoneMatch) {
    }

    /** A canned answer for an overridden path. */
    record Answer(int status, String contentType, byte[] body, Map<String, List<String>> headers) {

        static Answer of(String contentType, String body) {
            return new Answer(200, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Answer status(int status) {
            return new Answer(status, null, new byte[0], Map.of());
        }

        static Answer redirect(String location) {
            return new Answer(302, null, new byte[0], Map.of("Location", List.of(location)));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Answer> overrides = new ConcurrentHashMap<>();

    volatile String dialect = "maxwell-1.0";
    /** The redirect target; {@code {MAC}} upper case, {@code {mac}} lower case. */
    volatile String template = "/prov/{MAC}/";
    volatile Predicate<Mac> known = mac -> true;
    volatile String uvc = "2026-03-01_10:00:00";
    volatile Map<String, String> params = new LinkedHashMap<>(Map.of("SIP.Account.0.AccountName", "1012"));
    /** Maxwell 1.1: the device file's settings; Auerswald: the extra references after settings.xml. */
    volatile Map<String, String> deviceParams = new LinkedHashMap<>(Map.of("SIP.Account.0.DisplayName", "1012_3"));
    volatile List<String> references = List.of();
    /** Auerswald: the body of operations.xml, listed after settings.xml; none when null. */
    volatile String operations;
    volatile String certificate = pem();
    volatile byte[] firmware = "firmware image bytes".repeat(500).getBytes(StandardCharsets.UTF_8);
    volatile String image = "image-2.22.4.bin";
    /** Whether a 200's ETag (the MD5 of its body, quoted) sent back in {@code If-None-Match} gets a {@code 304}. */
    volatile boolean notModified = true;
    /** Guarded paths with their guards; the first whose paths match checks a request. */
    private final List<Map.Entry<Predicate<String>, DigestGuard>> guards = new CopyOnWriteArrayList<>();

    private FakePlatform(HttpServer server) {
        this.server = server;
    }

    static FakePlatform start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        FakePlatform platform = new FakePlatform(server);
        server.setExecutor(platform.executor);
        server.createContext("/", platform::handle);
        server.start();
        return platform;
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The same server under another host name, for references to "another server". */
    String otherHost() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    void override(String path, Answer answer) {
        overrides.put(path, answer);
    }

    /** Requires HTTP Digest for the paths, checked by the guard. */
    void protect(Predicate<String> paths, DigestGuard digest) {
        guards.clear();
        guards.add(Map.entry(paths, digest));
    }

    /** Requires HTTP Digest for more paths, with credentials of their own (checked before earlier guards). */
    void alsoProtect(Predicate<String> paths, DigestGuard digest) {
        guards.add(0, Map.entry(paths, digest));
    }

    List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    void forget() {
        seen.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream ignored = exchange.getRequestBody()) {
            String uri = exchange.getRequestURI().toString();
            String path = exchange.getRequestURI().getPath();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Answer answer;
            DigestGuard digest = guards.stream().filter(g -> g.getKey().test(path)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            if (digest != null) {
                DigestGuard.Verdict verdict = digest.verify(exchange.getRequestMethod(), uri, authorization);
                answer = verdict.accepted() ? route(path) : challenge(verdict);
            } else {
                answer = route(path);
            }
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            answer = tagged(answer, ifNoneMatch);
            seen.add(new Seen(exchange.getRequestMethod(), uri, answer.status(), authorization,
                    exchange.getRequestHeaders().getFirst("User-Agent"), ifNoneMatch));
            answer.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            if (answer.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            }
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    /** A file with a body gets a strong ETag, and a 304 when the request names it (as provisioning answers). */
    private Answer tagged(Answer answer, String ifNoneMatch) {
        if (answer.status() != 200 || answer.body().length == 0 || answer.headers().containsKey("ETag")) {
            return answer;
        }
        String etag = "\"" + md5(answer.body()) + "\"";
        if (notModified && etag.equals(ifNoneMatch)) {
            return new Answer(304, null, new byte[0], Map.of("ETag", List.of(etag)));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>(answer.headers());
        headers.put("ETag", List.of(etag));
        return new Answer(200, answer.contentType(), answer.body(), headers);
    }

    private static Answer challenge(DigestGuard.Verdict verdict) {
        // one header line per challenge, as servers usually send them
        return new Answer(401, null, new byte[0], Map.of("WWW-Authenticate", verdict.challenges()));
    }

    private Answer route(String path) {
        Answer override = overrides.get(path);
        if (override != null) {
            return override;
        }
        if (path.startsWith("/device/")) {
            return lookup(path.substring("/device/".length()));
        }
        if (path.startsWith("/firmware/download/" + FIRMWARE_ID)) {
            return new Answer(200, "application/octet-stream", firmware, Map.of());
        }
        if (!path.startsWith("/prov/")) {
            return Answer.status(404);
        }
        String rest = path.substring("/prov/".length());
        int slash = rest.indexOf('/');
        Optional<Mac> mac = mac(slash < 0 ? rest : rest.substring(0, slash));
        if (mac.isEmpty() || !known.test(mac.get())) {
            return Answer.status(404);
        }
        String file = slash < 0 ? "" : rest.substring(slash + 1);
        return switch (dialect) {
            case "maxwell-1.0" -> maxwell10(mac.get(), file);
            case "maxwell-1.1" -> maxwell11(mac.get(), file);
            case "auerswald" -> auerswald(file);
            case "plug-n-dial" -> plugNDial(mac.get(), file);
            default -> Answer.status(404);
        };
    }

    private Answer lookup(String macText) {
        Optional<Mac> mac = mac(macText);
        if (mac.isEmpty() || !known.test(mac.get())) {
            return Answer.status(404);
        }
        return Answer.redirect(base() + template.replace("{MAC}", mac.get().upper())
                .replace("{mac}", mac.get().lower()));
    }

    private String deviceBase(Mac mac) {
        return base() + "/prov/" + mac.upper();
    }

    private Answer maxwell10(Mac mac, String file) {
        String base = deviceBase(mac);
        String product = "productID=\"mx3b\"";
        return switch (file) {
            case "", "provisioning.xml" -> xml("<provisioning version=\"1.0\" " + product + ">\n"
                    + (firmware != null ? "<category type=\"firmware\" url=\"" + base + "/firmware/updates.xml\"/>\n" : "")
                    + "<category type=\"nvm\" url=\"" + base + "/nvm/updates.xml\"/>\n"
                    + "<category type=\"custom\" url=\"" + base + "/custom/updates.xml\"/>\n"
                    + "</provisioning>\n");
            case "firmware/updates.xml" -> firmware == null ? Answer.status(404)
                    : xml("<firmware version=\"1.0\" " + product + ">\n<file version=\"" + uvc
                    + "\" type=\"latest\" url=\"" + base() + "/firmware/download/" + FIRMWARE_ID
                    + "?mac=" + mac.lower() + "&amp;expires=1999999999&amp;sig=abc\"/>\n</firmware>\n");
            case "nvm/updates.xml" -> xml("<nvm version=\"1.0\" " + product + " macAddress=\"" + mac.colonLower()
                    + "\">\n<file version=\"" + uvc + "\" url=\"" + base + "/nvm/" + uvc + "/settings.xml\"/>\n</nvm>\n");
            case "custom/updates.xml" -> xml("<scenario version=\"" + uvc + "\" " + product + ">\n"
                    + "<step type=\"certificate\" url=\"" + base + "/custom/" + uvc
                    + "/telprov-ca.pem\" flags=\"FORCE_ACCEPT\"/>\n</scenario>\n");
            default -> {
                if (file.equals("nvm/" + uvc + "/settings.xml")) {
                    yield xml("<settings version=\"1.0\" " + product + ">\n" + params(params) + "</settings>\n");
                }
                if (file.equals("custom/" + uvc + "/telprov-ca.pem")) {
                    yield Answer.of("application/x-pem-file", certificate);
                }
                yield Answer.status(404);
            }
        };
    }

    /**
     * As provisioning does: the credentials in {@code params} go in a {@code credentials.xml} stage between the first
     * file and the device file, never in the public first file.
     */
    private Answer maxwell11(Mac mac, String file) {
        Map<String, String> general = new LinkedHashMap<>(params);
        Map<String, String> credentials = new LinkedHashMap<>();
        for (String name : List.of(PhoneRun.AUTH_USER, PhoneRun.AUTH_PASSWORD)) {
            if (general.containsKey(name)) {
                credentials.put(name, general.remove(name));
            }
        }
        String deviceFile = deviceBase(mac) + "/%MACD.xml";
        if (file.isEmpty() || file.equals("provisioning.xml")) {
            return xml("<provisioning version=\"1.1\" productID=\"mx3b\">\n" + params(general)
                    + "<step type=\"Redirect\" url=\"" + (credentials.isEmpty() ? deviceFile
                    : deviceBase(mac) + "/credentials.xml") + "\"/>\n</provisioning>\n");
        }
        if (file.equals("credentials.xml") && !credentials.isEmpty()) {
            return xml("<provisioning version=\"1.1\" productID=\"mx3b\">\n" + params(credentials)
                    + "<step type=\"Redirect\" url=\"" + deviceFile + "\"/>\n</provisioning>\n");
        }
        if (file.endsWith(".xml") && mac(file.substring(0, file.length() - 4)).filter(mac::equals).isPresent()) {
            Map<String, String> device = new LinkedHashMap<>();
            device.put("System.Provision.SettingsVersion", uvc);
            device.putAll(deviceParams);
            return xml("<provisioning version=\"1.1\" productID=\"mx3b\">\n" + params(device) + "</provisioning>\n");
        }
        return Answer.status(404);
    }

    private Answer auerswald(String file) {
        return switch (file) {
            case "", "references.xml" -> {
                StringBuilder body = new StringBuilder("<referencedSettings>\n<URL>settings.xml</URL>\n");
                if (operations != null) {
                    body.append("<URL>operations.xml</URL>\n");
                }
                references.forEach(r -> body.append("<URL>").append(escape(r)).append("</URL>\n"));
                yield xml(body.append("</referencedSettings>\n").toString());
            }
            case "settings.xml" -> {
                StringBuilder body = new StringBuilder("<settings>\n");
                params.forEach((name, value) -> body.append("<parameter name=\"").append(escape(name))
                        .append("\" value=\"").append(escape(value)).append("\"/>\n"));
                yield xml(body.append("</settings>\n").toString());
            }
            case "operations.xml" -> operations == null ? Answer.status(404) : xml(operations);
            default -> Answer.status(404);
        };
    }

    private Answer plugNDial(Mac mac, String file) {
        String own = mac.lower().substring(0, 4) + "/" + mac.lower().substring(4, 8) + "/" + mac.lower();
        if (file.equals(own + ".txt")) {
            return Answer.of("text/plain", config());
        }
        if (file.equals(own + ".md5")) {
            return Answer.of("text/plain", md5(config().getBytes(StandardCharsets.UTF_8)));
        }
        if (file.equals("firmware/leadtek/BVA8051/currentversion.txt") && image != null) {
            return Answer.of("text/plain", "Image_file=\"" + image + "\"\nProm_file=\"prom.blah\"\n");
        }
        if (file.equals("firmware/leadtek/BVA8051/" + image)) {
            return Answer.redirect(base() + "/firmware/download/" + FIRMWARE_ID + "?mac=" + mac.lower());
        }
        return Answer.status(404);
    }

    String config() {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> out.append(name).append("=\"").append(value).append("\"\n"));
        return out.toString();
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String params(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> out.append("<param name=\"").append(escape(name)).append("\" value=\"")
                .append(escape(value)).append("\"/>\n"));
        return out.toString();
    }

    static Answer xml(String body) {
        return Answer.of("application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Optional<Mac> mac(String text) {
        try {
            return Optional.of(Mac.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String pem() {
        try (InputStream in = FakePlatform.class.getResourceAsStream("/ca.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
