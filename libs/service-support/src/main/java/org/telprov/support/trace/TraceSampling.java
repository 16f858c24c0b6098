package org.telprov.support.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The sampler of every service (Quarkus takes a {@link Sampler} bean in place of {@code quarkus.otel.traces.sampler}):
 * a span with a parent follows its parent's decision, so a trace is recorded whole or not at all; a new trace is kept
 * with {@link TraceConfig#deviceRatio()} on the device paths and {@link TraceConfig#ratio()} elsewhere. A device
 * request's remote parent is ignored: a phone (or whoever claims to be one) must not force its requests into the
 * collector by sending a sampled {@code traceparent}.
 */
@ApplicationScoped
public class TraceSampling {

    @Produces
    @Singleton
    Sampler sampler(TraceConfig config) {
        return new DevicePathSampler(config);
    }

    /** Decides by the HTTP server span's {@code url.path}, which the Vert.x instrumentation sets before sampling. */
    static final class DevicePathSampler implements Sampler {

        static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

        private final List<String> devicePaths;
        private final Sampler device;
        private final Sampler other;

        DevicePathSampler(TraceConfig config) {
            this.devicePaths = config.devicePaths().orElse(List.of());
            this.device = Sampler.traceIdRatioBased(config.deviceRatio());
            this.other = Sampler.parentBased(Sampler.traceIdRatioBased(config.ratio()));
        }

        @Override
        public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
                                           Attributes attributes, List<LinkData> parentLinks) {
            if (spanKind == SpanKind.SERVER && isDevicePath(attributes.get(URL_PATH))) {
                // a local parent cannot exist for a server span; a remote one a device sends is not trusted
                return device.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
            }
            return other.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
        }

        boolean isDevicePath(String path) {
            if (path == null) {
                return false;
            }
            for (String prefix : devicePaths) {
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String getDescription() {
            return "DevicePathSampler{device=" + device.getDescription() + ", other=" + other.getDescription() + "}";
        }
    }
}
