package org.telprov.redirect;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.support.outbox.OutboxRelay;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.ServiceBasicsTest;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
class RedirectBasicsTest extends ServiceBasicsTest {

    @Test
    void theServiceWritesNoOutboxRowsSoRunsNoRelay() {
        String[] relayThreads = Arrays.stream(OutboxRelay.Lane.values()).map(OutboxRelay.Lane::threadName)
                .toArray(String[]::new);
        assertThat(relayThreads).isNotEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).doesNotContain(relayThreads);
    }
}
