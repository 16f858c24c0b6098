package org.telprov.provisioning.rollout;

/** An input the rollout's status does not allow; {@code code} is what the API answers with (409). */
public class RolloutRefused extends RuntimeException {

    private final String code;

    RolloutRefused(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
