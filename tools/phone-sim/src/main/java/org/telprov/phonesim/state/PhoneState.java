package org.telprov.phonesim.state;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a phone remembers between boots: the settings it applied ({@code param.<name>}) and family bookkeeping such as
 * the UVC per Maxwell category ({@code uvc.<category>}), Plug-n-Dial's configuration MD5 and firmware image.
 */
public final class PhoneState {

    private static final String PARAM = "param.";

    private final TreeMap<String, String> values;

    public PhoneState() {
        this(Map.of());
    }

    public PhoneState(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public void put(String key, String value) {
        values.put(key, value);
    }

    public Optional<String> param(String name) {
        return get(PARAM + name);
    }

    public void param(String name, String value) {
        values.put(PARAM + name, value);
    }

    /** Forgets a setting (an Auerswald operations file deleted it). */
    public void forget(String name) {
        values.remove(PARAM + name);
    }

    /** The applied settings by name. */
    public Map<String, String> params() {
        Map<String, String> params = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(PARAM)) {
                params.put(key.substring(PARAM.length()), value);
            }
        });
        return params;
    }

    /** Everything, for storing. */
    public Map<String, String> values() {
        return new TreeMap<>(values);
    }
}
