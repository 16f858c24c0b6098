package org.telprov.provisioning.render;

/**
 * A templated parameter the device has no value for (a setting missing from every layer, without a default), or a value
 * its dialect cannot write: the file is not served to the device rather than served wrong.
 */
public final class UnresolvedValue extends RuntimeException {

    /** @param parameter the parameter's name, as the message */
    public UnresolvedValue(String parameter) {
        super(parameter, null, false, false);
    }
}
