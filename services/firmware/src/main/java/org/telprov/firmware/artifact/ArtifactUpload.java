package org.telprov.firmware.artifact;

import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.ProblemException;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What describes an upload, from the query string (the body is the image itself, so it can stream). Checked before a
 * byte of the body is read. None of it is ever used as a file name.
 *
 * @param sha256 optional checksum the client computed; the upload is refused unless the bytes match it
 * @param md5    optional checksum the client computed, likewise
 */
public record ArtifactUpload(String vendor, String product, String version, String oemName, String releaseNotes,
                             String sha256, String md5) {

    static final Pattern VENDOR = Pattern.compile(Inputs.VENDOR);
    static final Pattern PRODUCT = Pattern.compile(Inputs.MODEL);
    static final Pattern VERSION = Pattern.compile(Inputs.VERSION);
    public static final String SHA256 = "[0-9a-fA-F]{64}";
    public static final String MD5 = "[0-9a-fA-F]{32}";
    public static final int OEM_NAME_LENGTH = 100;
    public static final int RELEASE_NOTES_LENGTH = 4000;
    private static final Pattern HEX64 = Pattern.compile(SHA256);
    private static final Pattern HEX32 = Pattern.compile(MD5);

    /**
     * @throws ProblemException 400 {@code validation_failed} naming the first offending field
     */
    public ArtifactUpload checked() {
        require("vendor", vendor, VENDOR, Inputs.VENDOR_RULE);
        require("product", product, PRODUCT, Inputs.MODEL_RULE);
        require("version", version, VERSION, Inputs.VERSION_RULE);
        text("oemName", oemName, OEM_NAME_LENGTH);
        text("releaseNotes", releaseNotes, RELEASE_NOTES_LENGTH);
        if (sha256 != null && !HEX64.matcher(sha256).matches()) {
            throw invalid("sha256", "64 hex digits");
        }
        if (md5 != null && !HEX32.matcher(md5).matches()) {
            throw invalid("md5", "32 hex digits");
        }
        return new ArtifactUpload(vendor, product, version, blankToNull(oemName), blankToNull(releaseNotes),
                sha256 == null ? null : sha256.toLowerCase(Locale.ROOT), md5 == null ? null : md5.toLowerCase(Locale.ROOT));
    }

    private static void require(String field, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw invalid(field, rule);
        }
    }

    /** Free text, Unicode welcome; control characters other than line breaks and tabs (NUL included) are not. */
    private static void text(String field, String value, int maxLength) {
        if (value == null) {
            return;
        }
        if (value.codePointCount(0, value.length()) > maxLength) {
            throw invalid(field, "at most " + maxLength + " characters");
        }
        boolean control = value.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t'
                || Character.getType(c) == Character.SURROGATE);
        if (control) {
            throw invalid(field, "no control characters");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ProblemException invalid(String field, String rule) {
        return ProblemException.badRequest("validation_failed", field + ": " + rule, field);
    }
}
