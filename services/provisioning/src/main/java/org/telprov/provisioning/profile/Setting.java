package org.telprov.provisioning.profile;

import org.telprov.support.problem.Inputs;

/**
 * One setting of a layer (a device, a label group, a profile, a tenant's defaults), as stored.
 *
 * @param name   {@link #NAME}: what templates refer to as {@code {{setting.<name>}}}
 * @param value  the value; for a secret, the sealed ciphertext ({@code SecretBox})
 * @param secret stored encrypted and never returned once set
 */
public record Setting(String name, String value, boolean secret) {

    /** A setting's name: a letter, digit or '_' first, then letters, digits, '_', '.' and '-', up to 64. */
    public static final String NAME = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}";
    public static final String NAME_RULE = "letters, digits, '_', '.' and '-', up to 64, not starting with '.' or '-'";
    /** The longest value, in characters; a value is one line of text (no control characters). */
    public static final int MAX_VALUE_LENGTH = 1000;
    /** The most settings one layer holds. */
    public static final int MAX_PER_LAYER = 100;

    /**
     * Whether a device file can carry the text, the rule for every value that ends up in one (parameters and settings
     * alike): no control characters (line breaks included; C0, DEL and C1), no lone surrogate and neither U+FFFE nor
     * U+FFFF, which XML 1.0 cannot represent and line-based files would break on.
     */
    public static boolean writable(String value) {
        return !Inputs.hasControlCharacter(value) && value.indexOf('\uFFFE') < 0 && value.indexOf('\uFFFF') < 0;
    }
}
