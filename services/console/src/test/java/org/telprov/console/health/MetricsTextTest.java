package org.telprov.console.health;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTextTest {

    @Test
    void samplesOfANameAreSummedOrMaximisedWhateverTheirLabelsAndNaNCountsAsNone() {
        MetricsText text = MetricsText.parse(StandInServices.INVENTORY_METRICS + """
                telprov_outbox_pending_other 99
                kafka_consumer_fetch_manager_records_lag_max{client_id="a b}",} +Inf
                """, Set.of(PlatformHealth.OUTBOX, PlatformHealth.LAG, PlatformHealth.DEAD));

        assertThat(text.max(PlatformHealth.OUTBOX)).isEqualTo(OptionalDouble.of(3));
        assertThat(text.max(PlatformHealth.LAG)).isEqualTo(OptionalDouble.of(42));
        assertThat(text.sum(PlatformHealth.DEAD)).isEqualTo(OptionalDouble.of(2));
        assertThat(text.sum("http_server_requests_seconds_count")).as("names not asked for are not kept").isEmpty();
    }

    @Test
    void aServiceWithoutTheMetricHasNoFigureRatherThanZero() {
        MetricsText text = MetricsText.parse("telprov_outbox_pending 0.0\n", Set.of(PlatformHealth.OUTBOX,
                PlatformHealth.DEAD));

        assertThat(text.max(PlatformHealth.OUTBOX)).isEqualTo(OptionalDouble.of(0));
        assertThat(text.sum(PlatformHealth.DEAD)).isEmpty();
    }

    @Test
    void theNamesOfTheChecksThatAreDownAreReadAndAnAnswerThatIsNoHealthJsonGivesNone() {
        assertThat(PlatformHealth.downChecks("{\"status\":\"DOWN\",\"checks\":[{\"name\":\"db\",\"status\":\"DOWN\"},"
                + "{\"name\":\"kafka\",\"status\":\"UP\"}]}")).containsExactly("db");
        assertThat(PlatformHealth.downChecks("<html>502 Bad Gateway</html>")).isEmpty();
    }
}
