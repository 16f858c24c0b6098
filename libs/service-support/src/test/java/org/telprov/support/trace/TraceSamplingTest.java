package org.telprov.support.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TraceSamplingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final TraceSampling.DevicePathSampler sampler = new TraceSampling.DevicePathSampler(
            config(1.0, 0.0, List.of("/device", "/prov/")));

    @Test
    void deviceRequestsStartTracesAtTheDeviceRatioAndOthersAtTheirOwn() {
        assertThat(decide(Context.root(), SpanKind.SERVER, "/device/0004f2a1b2c3.cfg"))
                .isEqualTo(SamplingDecision.DROP);
        assertThat(decide(Context.root(), SpanKind.SERVER, "/prov/0004f2a1b2c3/phone.xml"))
                .isEqualTo(SamplingDecision.DROP);
        assertThat(decide(Context.root(), SpanKind.SERVER, "/api/v1/devices/0004f2a1b2c3"))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void aDeviceCannotForceItsRequestIntoTheTraceWithASampledTraceparent() {
        assertThat(decide(sampledRemoteParent(), SpanKind.SERVER, "/device/0004f2a1b2c3.cfg"))
                .isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void spansWithAParentFollowItsDecision() {
        TraceSampling.DevicePathSampler none = new TraceSampling.DevicePathSampler(config(0.0, 0.0, List.of()));
        assertThat(none.shouldSample(sampledRemoteParent(), TRACE_ID, "inventory-devices process", SpanKind.CONSUMER,
                Attributes.empty(), List.of()).getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(none.shouldSample(Context.root(), TRACE_ID, "inventory-devices process", SpanKind.CONSUMER,
                Attributes.empty(), List.of()).getDecision()).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void aSignatureInTheQueryIsRedacted() {
        assertThat(QueryRedaction.redacted("tenant=acme&mac=0004f2a1b2c3&expires=1&signature=abc%2Bdef"))
                .isEqualTo("tenant=acme&mac=0004f2a1b2c3&expires=1&signature=REDACTED");
        assertThat(QueryRedaction.redacted("signature=abc&x=1")).isEqualTo("signature=REDACTED&x=1");
    }

    private SamplingDecision decide(Context parent, SpanKind kind, String path) {
        return sampler.shouldSample(parent, TRACE_ID, "GET", kind,
                Attributes.of(TraceSampling.DevicePathSampler.URL_PATH, path), List.of()).getDecision();
    }

    private static Context sampledRemoteParent() {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE_ID, "00f067aa0ba902b7",
                TraceFlags.getSampled(), TraceState.getDefault())));
    }

    private static TraceConfig config(double ratio, double deviceRatio, List<String> devicePaths) {
        return new TraceConfig() {
            @Override
            public double ratio() {
                return ratio;
            }

            @Override
            public double deviceRatio() {
                return deviceRatio;
            }

            @Override
            public Optional<List<String>> devicePaths() {
                return Optional.of(devicePaths);
            }
        };
    }
}
