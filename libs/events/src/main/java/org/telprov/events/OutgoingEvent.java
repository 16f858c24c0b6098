package org.telprov.events;

import java.util.Objects;

/** An event a producer built through its {@link EventKind}: the envelope to send and the kind that names its topic. */
public record OutgoingEvent(EventKind<?> kind, EventEnvelope envelope) {

    public OutgoingEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(envelope, "envelope");
    }

    public String topic() {
        return kind.topic();
    }

    /**
     * The topic of the bulk lane.
     *
     * @throws IllegalStateException when the kind has no bulk lane
     */
    public String bulkTopic() {
        if (kind.bulkTopic() == null) {
            throw new IllegalStateException(kind + " events have no bulk lane");
        }
        return kind.bulkTopic();
    }
}
