package org.telprov.console.health;

import java.util.List;
import java.util.OptionalDouble;

/**
 * One service as the platform health page shows it: whether it is ready (and which of its checks are not), and the
 * event-flow figures read from its metrics. A figure is empty where the service has no outbox or consumer, or its
 * metrics did not answer.
 *
 * @param state        ready, not ready, not answering or not configured
 * @param detail       what went wrong, in words, or null
 * @param failedChecks the names of the readiness checks that are down
 * @param outboxBacklog events written to the outbox and not yet sent to Kafka ({@value PlatformHealth#OUTBOX})
 * @param consumerLag  the largest lag in records of the service's Kafka consumers ({@value PlatformHealth#LAG})
 * @param deadLetters  messages sent to a dead-letter topic since the service started ({@value PlatformHealth#DEAD}),
 *                     0 when its metrics answered without the counter (it appears with the first dead letter)
 */
public record ServiceHealth(String name, String url, State state, String detail, List<String> failedChecks,
                            OptionalDouble outboxBacklog, OptionalDouble consumerLag, OptionalDouble deadLetters) {

    /** Each state is a word on the page, never only a colour. */
    public enum State {
        READY("ready"), NOT_READY("not ready"), NOT_ANSWERING("not answering"), NOT_CONFIGURED("not configured");

        private final String text;

        State(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public boolean ready() {
        return state == State.READY;
    }

    /** How the page writes a figure: a whole number, or a dash where there is none. */
    public static String figure(OptionalDouble value) {
        return value.isPresent() ? String.valueOf(Math.round(value.getAsDouble())) : "—";
    }

    public String outbox() {
        return figure(outboxBacklog);
    }

    public String lag() {
        return figure(consumerLag);
    }

    public String dead() {
        return figure(deadLetters);
    }

    /** Whether a figure asks for attention: a dead letter at all. */
    public boolean hasDeadLetters() {
        return deadLetters.isPresent() && deadLetters.getAsDouble() > 0;
    }
}
