package org.telprov.phonesim.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The client side of HTTP Digest access authentication (RFC 7616): parsing {@code WWW-Authenticate} challenges,
 * choosing the strongest one understood, and computing {@code Authorization} answers with {@code qop=auth}, a
 * fresh cnonce and a counting nonce-count (or the RFC 2069 form when the server offers no qop).
 */
public final class DigestAuth {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private DigestAuth() {
    }

    /** The algorithms understood, most preferred first. */
    public enum Algorithm {
        SHA_256("SHA-256", "SHA-256", false),
        SHA_256_SESS("SHA-256-sess", "SHA-256", true),
        SHA_512_256("SHA-512-256", "SHA-512/256", false),
        SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true),
        MD5("MD5", "MD5", false),
        MD5_SESS("MD5-sess", "MD5", true);

        private final String token;
        private final String jca;
        private final boolean session;

        Algorithm(String token, String jca, boolean session) {
            this.token = token;
            this.jca = jca;
            this.session = session;
        }

        public String token() {
            return token;
        }

        static Optional<Algorithm> of(String token) {
            // RFC 7616 §3.3: absent means MD5
            String name = token == null ? "MD5" : token;
            return Arrays.stream(values()).filter(a -> a.token.equalsIgnoreCase(name)).findFirst();
        }

        /** Lower-case hex of the hash of the UTF-8 text. */
        public String hash(String text) {
            try {
                return HEX.formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has " + jca, e);
            }
        }
    }

    /** One Digest challenge the client can answer. {@code qopAuth} false: the server offered no qop (RFC 2069). */
    public record Challenge(String realm, String nonce, String opaque, Algorithm algorithm, boolean qopAuth,
                            boolean stale, boolean userhash) {
    }

    /** The Digest challenges among the {@code WWW-Authenticate} header values that this client can answer. */
    public static List<Challenge> parse(List<String> headerValues) {
        List<Challenge> challenges = new ArrayList<>();
        for (String value : headerValues) {
            for (Map.Entry<String, Map<String, String>> challenge : AuthHeader.parse(value)) {
                if (challenge.getKey().equalsIgnoreCase("Digest")) {
                    toChallenge(challenge.getValue()).ifPresent(challenges::add);
                }
            }
        }
        return challenges;
    }

    /** The challenge with the most preferred algorithm, if any. */
    public static Optional<Challenge> choose(List<Challenge> challenges) {
        return challenges.stream().min(Comparator.comparing(Challenge::algorithm));
    }

    private static Optional<Challenge> toChallenge(Map<String, String> params) {
        String realm = params.get("realm");
        String nonce = params.get("nonce");
        Optional<Algorithm> algorithm = Algorithm.of(params.get("algorithm"));
        if (realm == null || nonce == null || algorithm.isEmpty()) {
            return Optional.empty();
        }
        String qop = params.get("qop");
        boolean qopAuth = qop != null && Arrays.stream(qop.split(","))
                .map(String::trim).anyMatch("auth"::equalsIgnoreCase);
        if (qop != null && !qopAuth) {
            // only auth-int offered: it would need the body hashed, which a GET-only phone never sends
            return Optional.empty();
        }
        return Optional.of(new Challenge(realm, nonce, params.get("opaque"), algorithm.get(), qopAuth,
                "true".equalsIgnoreCase(params.get("stale")), "true".equalsIgnoreCase(params.get("userhash"))));
    }

    /**
     * The {@code response} value (RFC 7616 §3.4.1): {@code KD(H(A1), nonce:nc:cnonce:qop:H(A2))} with qop=auth,
     * {@code H(H(A1):nonce:H(A2))} without qop.
     */
    public static String response(Algorithm algorithm, String user, String realm, String password, String method,
                                  String uri, String nonce, String nc, String cnonce, boolean qopAuth) {
        String ha1 = algorithm.hash(user + ":" + realm + ":" + password);
        if (algorithm.session) {
            ha1 = algorithm.hash(ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = algorithm.hash(method + ":" + uri);
        return qopAuth
                ? algorithm.hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : algorithm.hash(ha1 + ":" + nonce + ":" + ha2);
    }

    /** The {@code Authorization} header value answering the challenge. */
    public static String authorization(Challenge challenge, Credentials credentials, String method, String uri,
                                       int nonceCount, String cnonce) {
        String nc = String.format(Locale.ROOT, "%08x", nonceCount);
        String response = response(challenge.algorithm(), credentials.user(), challenge.realm(),
                credentials.password(), method, uri, challenge.nonce(), nc, cnonce, challenge.qopAuth());
        String user = challenge.userhash()
                ? challenge.algorithm().hash(credentials.user() + ":" + challenge.realm())
                : credentials.user();
        StringBuilder header = new StringBuilder("Digest ");
        header.append("username=").append(quote(user));
        header.append(", realm=").append(quote(challenge.realm()));
        header.append(", uri=").append(quote(uri));
        header.append(", algorithm=").append(challenge.algorithm().token());
        header.append(", nonce=").append(quote(challenge.nonce()));
        if (challenge.qopAuth()) {
            header.append(", nc=").append(nc);
            header.append(", cnonce=").append(quote(cnonce));
            header.append(", qop=auth");
        }
        header.append(", response=").append(quote(response));
        if (challenge.opaque() != null) {
            header.append(", opaque=").append(quote(challenge.opaque()));
        }
        if (challenge.userhash()) {
            header.append(", userhash=true");
        }
        return header.toString();
    }

    /** A new client nonce: 16 random bytes in hex. */
    public static String cnonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** A challenge being used for several requests: the nonce-count goes up by one per request (RFC 7616 §3.4). */
    public static final class NonceUse {

        private final Challenge challenge;
        private int count;

        public NonceUse(Challenge challenge) {
            this.challenge = challenge;
        }

        public Challenge challenge() {
            return challenge;
        }

        public String authorize(Credentials credentials, String method, String uri) {
            return authorization(challenge, credentials, method, uri, ++count, cnonce());
        }
    }

    /** Splits {@code WWW-Authenticate} values into challenges: scheme, then its {@code name=value} parameters. */
    static final class AuthHeader {

        private final String text;
        private int pos;

        private AuthHeader(String text) {
            this.text = text;
        }

        static List<Map.Entry<String, Map<String, String>>> parse(String value) {
            return new AuthHeader(value == null ? "" : value).challenges();
        }

        private List<Map.Entry<String, Map<String, String>>> challenges() {
            List<Map.Entry<String, Map<String, String>>> out = new ArrayList<>();
            Map<String, String> params = null;
            while (true) {
                skip(" \t,");
                if (pos >= text.length()) {
                    return out;
                }
                String token = token();
                if (token.isEmpty()) {
                    pos++; // a character no grammar allows here: step over it rather than loop
                    continue;
                }
                skip(" \t");
                if (pos < text.length() && text.charAt(pos) == '=' && params != null) {
                    pos++;
                    skip(" \t");
                    params.put(token.toLowerCase(Locale.ROOT), value());
                } else {
                    params = new HashMap<>();
                    out.add(Map.entry(token, params));
                }
            }
        }

        private String token() {
            int start = pos;
            while (pos < text.length() && " \t,=\"".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private String value() {
            if (pos < text.length() && text.charAt(pos) == '"') {
                StringBuilder out = new StringBuilder();
                pos++;
                while (pos < text.length() && text.charAt(pos) != '"') {
                    char c = text.charAt(pos++);
                    if (c == '\\' && pos < text.length()) {
                        c = text.charAt(pos++);
                    }
                    out.append(c);
                }
                pos++;
                return out.toString();
            }
            return token();
        }

        private void skip(String chars) {
            while (pos < text.length() && chars.indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }
    }
}
