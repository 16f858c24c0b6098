package org.telprov.support.problem;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;
import org.telprov.events.MacAddress;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The shapes of the platform's identifiers, one place for every service: request records name them in
 * {@code @Pattern}, resources on their path and query parameters, so a value is held to the same rule when it is
 * written and when it is looked up. Each rule's length fits the narrowest column that stores it (ColumnWidthsTest).
 * And the parsing of request values that answers bad input with a problem naming the field.
 */
public final class Inputs {

    public static final int MAX_PAGE_SIZE = 500;

    /** Free text on one line: anything but control characters (NUL, line breaks, …). */
    public static final String SINGLE_LINE = "[^\\p{Cntrl}]*";
    public static final String SINGLE_LINE_RULE = "no control characters or line breaks";

    /** A tenant's provisioning URL template, in inventory and in redirect's route table. */
    public static final int URL_TEMPLATE_LENGTH = 2048;

    /**
     * A tenant's IANA time zone ({@code America/Argentina/ComodRivadavia}, the longest, has 32 characters), in
     * inventory and in provisioning's copy of it.
     */
    public static final int TIME_ZONE_LENGTH = 64;

    /** A tenant id: 2 to 63 lower-case letters, digits or '-'. */
    public static final String TENANT_ID = "[a-z0-9][a-z0-9-]{1,62}";
    public static final String TENANT_ID_RULE = "2 to 63 lower-case letters, digits or '-'";
    /** A vendor family (devices) or firmware vendor. */
    public static final String VENDOR = "[a-z0-9][a-z0-9-]{0,49}";
    public static final String VENDOR_RULE = "lower-case letters, digits and '-', up to 50";
    /** A profile, certificate or serial: up to 100. */
    public static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";
    public static final String NAME_RULE = "letters, digits, '.', '_' and '-', up to 100";
    /** A device model or firmware product: up to 50, the width of the columns that hold them. */
    public static final String MODEL = "[A-Za-z0-9][A-Za-z0-9._-]{0,49}";
    public static final String MODEL_RULE = "letters, digits, '.', '_' and '-', up to 50";
    /** A firmware version. */
    public static final String VERSION = "[A-Za-z0-9][A-Za-z0-9._+~-]{0,63}";
    public static final String VERSION_RULE = "letters, digits, '.', '_', '+', '~' and '-', up to 64";
    /** A device label. */
    public static final String LABEL = "[A-Za-z0-9][A-Za-z0-9._:-]{0,49}";
    public static final String LABEL_RULE = "1 to 50 letters, digits, '.', '_', ':' or '-'";
    /** A release's UVC, {@code YYYY-MM-DD_HH:MM:SS}. */
    public static final String UVC = "[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{2}:[0-9]{2}:[0-9]{2}";
    public static final String UVC_RULE = "a UVC, YYYY-MM-DD_HH:MM:SS";
    /** An id the platform made (artifacts). */
    public static final String UUID = "[0-9a-fA-F-]{36}";
    public static final String UUID_RULE = "an id (UUID)";
    /** A firmware channel. */
    public static final String CHANNEL = "[a-z][a-z0-9-]{0,31}";
    public static final String CHANNEL_RULE = "lower-case letters, digits and '-', starting with a letter, up to 32";
    /** {@link #NAME} on a parameter, field or list element. */
    @Pattern(regexp = NAME, message = NAME_RULE)
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    public @interface Name {
        String message() default NAME_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** {@link #TENANT_ID} on a parameter, field or list element. */
    @Pattern(regexp = TENANT_ID, message = TENANT_ID_RULE)
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    public @interface TenantId {
        String message() default TENANT_ID_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** {@link #VENDOR} on a parameter, field or list element. */
    @Pattern(regexp = VENDOR, message = VENDOR_RULE)
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    public @interface Vendor {
        String message() default VENDOR_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** {@link #MODEL} on a parameter, field or list element. */
    @Pattern(regexp = MODEL, message = MODEL_RULE)
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    public @interface Model {
        String message() default MODEL_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** {@link #VERSION} on a parameter, field or list element. */
    @Pattern(regexp = VERSION, message = VERSION_RULE)
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    public @interface Version {
        String message() default VERSION_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** {@link #LABEL} on a parameter, field or list element. */
    @Pattern(regexp = LABEL, message = LABEL_RULE)
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    public @interface Label {
        String message() default LABEL_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** {@link #UVC} on a parameter, field or list element. */
    @Pattern(regexp = UVC, message = UVC_RULE)
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    public @interface Uvc {
        String message() default UVC_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** {@link #UUID} on a parameter, field or list element. */
    @Pattern(regexp = UUID, message = UUID_RULE)
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    public @interface Id {
        String message() default UUID_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** {@link #CHANNEL} on a parameter, field or list element. */
    @Pattern(regexp = CHANNEL, message = CHANNEL_RULE)
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    public @interface Channel {
        String message() default CHANNEL_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** {@link #SINGLE_LINE} on a parameter, field or list element. */
    @Pattern(regexp = SINGLE_LINE, message = SINGLE_LINE_RULE)
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE_USE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    public @interface SingleLine {
        String message() default SINGLE_LINE_RULE;

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    private Inputs() {
    }

    /**
     * @throws ProblemException 400 {@code invalid_mac} naming the field
     */
    public static MacAddress mac(String text, String field) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid_mac", e.getMessage(), field);
        }
    }

    /** A page number from a query parameter: 0 when absent. */
    public static int page(Integer page) {
        if (page != null && page < 0) {
            throw ProblemException.badRequest("invalid_parameter", "page must be 0 or more", "page");
        }
        return page == null ? 0 : page;
    }

    /** A page size from a query parameter: 50 when absent, at most {@link #MAX_PAGE_SIZE}. */
    public static int size(Integer size) {
        if (size != null && (size < 1 || size > MAX_PAGE_SIZE)) {
            throw ProblemException.badRequest("invalid_parameter", "size must be between 1 and " + MAX_PAGE_SIZE, "size");
        }
        return size == null ? 50 : size;
    }

    /**
     * Whether text holds a control character (C0, DEL, C1) or a lone surrogate: nothing the platform stores or looks up
     * may, and PostgreSQL refuses a NUL outright.
     */
    public static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return true;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }
}
