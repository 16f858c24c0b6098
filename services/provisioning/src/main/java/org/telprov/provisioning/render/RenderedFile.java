package org.telprov.provisioning.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A rendered device file: its bytes, content type and strong ETag (from the bytes, so equal bytes, equal tag). */
public record RenderedFile(byte[] body, String contentType, String etag) {

    public static final String XML = "application/xml; charset=utf-8";
    public static final String PEM = "application/x-pem-file";
    public static final String TEXT = "text/plain; charset=utf-8";

    public static RenderedFile of(byte[] body, String contentType) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new RenderedFile(body, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public static RenderedFile of(String body, String contentType) {
        return of(body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    /** Whether an {@code If-None-Match} header names this file's tag (or {@code *}). */
    public boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
