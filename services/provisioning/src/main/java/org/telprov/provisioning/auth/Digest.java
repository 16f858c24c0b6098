package org.telprov.provisioning.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The arithmetic and the header syntax of HTTP Digest (RFC 7616) for qop=auth: the expected {@code response}, the
 * parameters of an {@code Authorization: Digest} header, and a {@code WWW-Authenticate} challenge. Nothing here knows
 * devices or tenants.
 */
public final class Digest {

    public static final String SCHEME = "Digest";
    public static final String QOP = "auth";

    private Digest() {
    }

    /** The algorithms offered, in the order challenges name them (RFC 7616 §3.7: the preferred one first). */
    public enum Algorithm {
        SHA_256("SHA-256", "SHA-256"),
        MD5("MD5", "MD5");

        private final String token;
        private final String jca;

        Algorithm(String token, String jca) {
            this.token = token;
            this.jca = jca;
        }

        /** The name in headers and in the tenant setting. */
        public String token() {
            return token;
        }

        /** The algorithm a header names; a header without {@code algorithm} means MD5 (RFC 7616 §3.3). */
        public static Optional<Algorithm> of(String token) {
            if (token == null) {
                return Optional.of(MD5);
            }
            for (Algorithm algorithm : values()) {
                if (algorithm.token.equalsIgnoreCase(token)) {
                    return Optional.of(algorithm);
                }
            }
            return Optional.empty();
        }

        /** H(data): the lower-case hex digest of the UTF-8 bytes. */
        public String hash(String data) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance(jca)
                        .digest(data.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(jca + " is always available", e);
            }
        }
    }

    /**
     * The {@code response} a client with these credentials sends for qop=auth (RFC 7616 §3.4.1): KD(H(A1),
     * nonce:nc:cnonce:qop:H(A2)) with A1 = username:realm:password and A2 = method:uri.
     */
    public static String response(Algorithm algorithm, String username, String realm, String password, String method,
                                  String uri, String nonce, String nc, String cnonce) {
        return response(algorithm, ha1(algorithm, username, realm, password), method, uri, nonce, nc, cnonce);
    }

    /**
     * H(A1) = H(username:realm:password): what a server that keeps it needs instead of the password. It opens every
     * exchange of the realm as the password does, so it is kept as a secret.
     */
    public static String ha1(Algorithm algorithm, String username, String realm, String password) {
        return algorithm.hash(username + ":" + realm + ":" + password);
    }

    /** The {@code response} for qop=auth from H(A1) ({@link #ha1}). */
    public static String response(Algorithm algorithm, String ha1, String method, String uri, String nonce, String nc,
                                  String cnonce) {
        String ha2 = algorithm.hash(method + ":" + uri);
        return algorithm.hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + QOP + ":" + ha2);
    }

    /** Compares in time that does not depend on where the texts differ. */
    public static boolean same(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The parameters of a Digest credentials header, names in lower case and values unquoted; empty when the header
     * is absent, of another scheme, or not well-formed.
     */
    public static Optional<Map<String, String>> credentials(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String text = header.trim();
        if (text.length() <= SCHEME.length() || !text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || !Character.isWhitespace(text.charAt(SCHEME.length()))) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = SCHEME.length();
        int n = text.length();
        while (i < n) {
            while (i < n && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ',')) {
                i++;
            }
            if (i == n) {
                break;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != '=' && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != ',') {
                i++;
            }
            String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (name.isEmpty() || i == n || text.charAt(i) != '=') {
                return Optional.empty();
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                if (i == n) {
                    return Optional.empty();
                }
                i++;
            } else {
                while (i < n && text.charAt(i) != ',' && !Character.isWhitespace(text.charAt(i))) {
                    value.append(text.charAt(i++));
                }
            }
            // a parameter given twice is ambiguous: refuse rather than pick one
            if (parameters.put(name, value.toString()) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /** A {@code WWW-Authenticate} value offering one algorithm with qop=auth. */
    public static String challenge(Algorithm algorithm, String realm, String nonce, String opaque, boolean stale) {
        return SCHEME + " realm=" + quoted(realm) + ", qop=\"" + QOP + "\", algorithm=" + algorithm.token()
                + ", nonce=" + quoted(nonce) + ", opaque=" + quoted(opaque) + ", stale=" + stale;
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
