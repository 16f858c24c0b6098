package org.telprov.testing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The spans a service records in its tests, held in memory where production sends them to an OTLP collector: Quarkus
 * exports to every {@code SpanExporter} bean, and the shared test configuration turns the SDK on and OTLP off. A test
 * injects the {@link InMemorySpanExporter} and reads {@code getFinishedSpanItems()}.
 */
@ApplicationScoped
public class TestSpans {

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
