package org.telprov.support.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** In production a service refuses to start until its connections are set explicitly, and says which one is not. */
class ProductionSettingsTest {

    private static final Map<String, String> GIVEN = Map.of(
            "quarkus.datasource.jdbc.url", "jdbc:postgresql://db.example.com:5432/telprov",
            "quarkus.datasource.username", "inventory",
            "quarkus.datasource.password", "s3cret",
            "kafka.bootstrap.servers", "kafka.example.com:9093");

    @Test
    void productionStartsWithEveryConnectionGiven() throws IOException {
        SmallRyeConfig config = config("prod", GIVEN);

        assertThat(config.getConfigMapping(ProductionSettings.class).required())
                .containsEntry("quarkus.datasource.username", "inventory")
                .containsEntry("kafka.bootstrap.servers", "kafka.example.com:9093");
    }

    @Test
    void productionRefusesToStartNamingEachMissingSetting() {
        for (String missing : GIVEN.keySet()) {
            Map<String, String> given = new HashMap<>(GIVEN);
            given.remove(missing);

            assertThatThrownBy(() -> config("prod", given)).as(missing).hasMessageContaining(missing);
        }
    }

    @Test
    void anEmptyPasswordCountsAsMissing() {
        Map<String, String> given = new HashMap<>(GIVEN);
        given.put("quarkus.datasource.password", "");

        assertThatThrownBy(() -> config("prod", given)).hasMessageContaining("quarkus.datasource.password");
    }

    @Test
    void testsAndDevelopmentRequireNothing() throws IOException {
        assertThat(config("test", Map.of()).getConfigMapping(ProductionSettings.class).required()).isEmpty();
        assertThat(config("dev", Map.of()).getConfigMapping(ProductionSettings.class).required()).isEmpty();
    }

    /** The library's own defaults (as every service reads them) and the given settings, in a profile. */
    private static SmallRyeConfig config(String profile, Map<String, String> given) throws IOException {
        URL defaults = ProductionSettings.class.getResource("/META-INF/microprofile-config.properties");
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .withSources(new PropertiesConfigSource(defaults, 100), new PropertiesConfigSource(given, "given", 300))
                .withMapping(ProductionSettings.class)
                .build();
    }
}
