package org.telprov.phonesim.http;

import java.util.Objects;

/** A user name and password for HTTP Digest. */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** {@code user:password}; the password may contain colons. */
    public static Credentials parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("credentials are user:password");
        }
        return new Credentials(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return user + ":***";
    }
}
