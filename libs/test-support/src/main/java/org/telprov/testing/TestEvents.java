package org.telprov.testing;

import org.telprov.events.EventEnvelope;

/** Events no producer would build, for the tests of what consumers do with them. */
public final class TestEvents {

    private TestEvents() {
    }

    /** The event with another type, such as one no consumer knows; its id, key and payload as they were. */
    public static EventEnvelope withType(String type, EventEnvelope event) {
        return new EventEnvelope(event.id(), type, event.schemaVersion(), event.aggregateType(), event.aggregateId(),
                event.tenantId(), event.occurredAt(), event.payload());
    }
}
