package org.telprov.phonesim;

/**
 * Why a phone gave up. The reason is short and the same for every phone that failed the same way (no MAC, no URL),
 * so a boot storm can count failures by it; the detail says exactly what happened.
 */
public final class PhoneFailure extends Exception {

    private final String reason;

    public PhoneFailure(String reason, String detail) {
        super(detail == null ? reason : reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
