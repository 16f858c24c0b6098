package org.telprov.support.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import org.telprov.events.MacAddress;

/**
 * Marks the span of a device request with the device's MAC, so one phone's requests can be found in the collector.
 * The MAC only: a device request's secrets (Digest credentials, a download link's signature) never become attributes.
 * Costs a look at the current span when tracing is off or the request is not sampled.
 */
public final class DeviceSpans {

    /** The device's MAC, twelve lower-case hex digits as inventory writes it. */
    public static final AttributeKey<String> MAC = AttributeKey.stringKey("telprov.device.mac");

    private DeviceSpans() {
    }

    /** Puts the MAC (as {@link MacAddress#value()}) on the current span when it is recorded. */
    public static void mac(long mac) {
        Span span = Span.current();
        if (span.isRecording()) {
            span.setAttribute(MAC, new MacAddress(mac).toString());
        }
    }

    /** Puts the MAC, as the device sent it, on the current span when it is recorded and the text is a MAC. */
    public static void mac(String mac) {
        Span span = Span.current();
        if (span.isRecording() && mac != null && MacAddress.isValid(mac)) {
            span.setAttribute(MAC, MacAddress.parse(mac).toString());
        }
    }
}
