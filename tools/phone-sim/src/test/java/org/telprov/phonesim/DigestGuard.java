package org.telprov.phonesim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server side of HTTP Digest (RFC 7616 §3.3, §3.4, §3.5) for the test server, written independently of the
 * simulator's client: challenges with qop=auth, responses recomputed from the password, the uri checked against the
 * request, nonce-counts that must rise, and nonces that go stale after a number of uses or on demand.
 */
final class DigestGuard {

    static final String REALM = "telprov-devices";
    private static final Pattern PARAM = Pattern.compile("(\\w+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

    private final String user;
    private final String password;
    private final List<String> algorithms;
    private final String opaque = UUID.randomUUID().toString();
    private final Map<String, NonceState> nonces = new ConcurrentHashMap<>();
    private volatile int usesPerNonce = Integer.MAX_VALUE;

    DigestGuard(String user, String password, List<String> algorithms) {
        this.user = user;
        this.password = password;
        this.algorithms = algorithms;
    }

    /** A nonce answers this many requests; the next one gets {@code stale=true}. */
    void usesPerNonce(int uses) {
        this.usesPerNonce = uses;
    }

    /** Every nonce issued so far is stale from now on. */
    void expireNonces() {
        nonces.values().forEach(state -> state.expired = true);
    }

    /** What happened to a request: accepted, or answered with these challenges. */
    record Verdict(boolean accepted, List<String> challenges, boolean stale) {
    }

    Verdict verify(String method, String requestUri, String authorization) {
        if (authorization == null || !authorization.startsWith("Digest ")) {
            return challenge(false);
        }
        Map<String, String> params = new HashMap<>();
        Matcher matcher = PARAM.matcher(authorization.substring(7));
        while (matcher.find()) {
            String value = matcher.group(2) != null ? matcher.group(2).replaceAll("\\\\(.)", "$1") : matcher.group(3);
            params.put(matcher.group(1).toLowerCase(), value);
        }
        String algorithm = params.getOrDefault("algorithm", "MD5");
        NonceState state = nonces.get(params.getOrDefault("nonce", ""));
        if (!algorithms.contains(algorithm) || !user.equals(params.get("username"))
                || !REALM.equals(params.get("realm")) || !requestUri.equals(params.get("uri"))
                || !"auth".equals(params.get("qop")) || !opaque.equals(params.get("opaque"))
                || params.get("nc") == null || params.get("cnonce") == null || state == null) {
            return challenge(false);
        }
        String ha1 = hash(algorithm, user + ":" + REALM + ":" + password);
        String ha2 = hash(algorithm, method + ":" + requestUri);
        String expected = hash(algorithm, ha1 + ":" + params.get("nonce") + ":" + params.get("nc") + ":"
                + params.get("cnonce") + ":auth:" + ha2);
        if (!expected.equals(params.get("response"))) {
            return challenge(false);
        }
        synchronized (state) {
            long nc = Long.parseLong(params.get("nc"), 16);
            if (nc <= state.lastNc) {
                return challenge(false); // a replayed nonce-count
            }
            state.lastNc = nc;
            if (state.expired || ++state.uses > usesPerNonce) {
                return challenge(true);
            }
        }
        return new Verdict(true, List.of(), false);
    }

    private Verdict challenge(boolean stale) {
        String nonce = UUID.randomUUID().toString().replace("-", "");
        nonces.put(nonce, new NonceState());
        List<String> challenges = algorithms.stream()
                .map(algorithm -> "Digest realm=\"" + REALM + "\", qop=\"auth\", algorithm=" + algorithm
                        + ", nonce=\"" + nonce + "\", opaque=\"" + opaque + "\"" + (stale ? ", stale=true" : ""))
                .toList();
        return new Verdict(false, challenges, stale);
    }

    private static String hash(String algorithm, String text) {
        try {
            String jca = algorithm.equals("SHA-256") ? "SHA-256" : "MD5";
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class NonceState {
        private long lastNc;
        private int uses;
        private boolean expired;
    }
}
