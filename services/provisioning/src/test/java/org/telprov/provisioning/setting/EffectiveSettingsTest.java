package org.telprov.provisioning.setting;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.Setting;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The layer order of a device's settings, from rows written as the settings API writes them. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class EffectiveSettingsTest {

    private static final String TENANT = "eff-acme";
    private static final long MAC = 0x7e5702000001L;
    private static final long BARE = 0x7e5702000002L;
    private static final long FOREIGN = 0x7e5702000003L;

    @Inject
    EffectiveSettings effective;

    @Inject
    SettingsMemory memory;

    private final ProfileContent content = new ProfileContent(Dialect.DEFAULT, List.of(), List.of(), null, Map.of(),
            List.of(), List.of(new Setting("c", "profile", false), new Setting("d", "profile", false)));

    @BeforeEach
    void layers() {
        SettingRows.group(TENANT, "", 1500,
                Map.of("a", "tenant", "b", "tenant", "c", "tenant", "d", "tenant", "e", "tenant"));
        SettingRows.group(TENANT, "floor1", 2000, Map.of("b", "floor1", "c", "floor1"));
        SettingRows.group(TENANT, "floor2", 3000, Map.of("b", "floor2", "f", "floor2"));
        SettingRows.device(String.format("%012x", MAC), TENANT, 1000, Map.of("a", "device"));
        SettingRows.device(String.format("%012x", FOREIGN), "eff-other", 9000, Map.of("a", "other tenant's"));
        memory.refresh();
    }

    @Test
    void theDeviceWinsOverItsLabelsTheLabelsOverTheProfileAndTheProfileOverTheTenant() {
        EffectiveSettings.DeviceSettings settings = effective.of(TENANT, MAC, List.of("floor2", "floor1"), content.settings());

        assertThat(describe(settings, "a")).isEqualTo("device=device");
        assertThat(describe(settings, "b")).isEqualTo("floor2=label:floor2");
        assertThat(describe(settings, "c")).isEqualTo("floor1=label:floor1");
        assertThat(describe(settings, "d")).isEqualTo("profile=profile");
        assertThat(describe(settings, "e")).isEqualTo("tenant=tenant");
        assertThat(describe(settings, "f")).isEqualTo("floor2=label:floor2");
        assertThat(settings.find("nowhere")).isNull();
        assertThat(settings.all()).extracting(v -> v.setting().name() + "=" + v.origin().describe())
                .containsExactly("a=device", "b=label:floor2", "c=label:floor1", "d=profile", "e=tenant",
                        "f=label:floor2");
    }

    @Test
    void theFirstLabelInTheDevicesOrderWins() {
        assertThat(describe(effective.of(TENANT, MAC, List.of("floor1", "floor2"), content.settings()), "b"))
                .isEqualTo("floor1=label:floor1");
    }

    @Test
    void aLabelWithoutAGroupIsPassedOver() {
        assertThat(describe(effective.of(TENANT, BARE, List.of("nogroup", "floor1"), content.settings()), "b"))
                .isEqualTo("floor1=label:floor1");
    }

    @Test
    void theChangeTimeIsTheNewestOfTheDevicesTheLabelsAndTheTenantsLayersNotTheProfiles() {
        assertThat(effective.of(TENANT, MAC, List.of("floor2", "floor1"), content.settings()).changedAt()).isEqualTo(3000);
        assertThat(effective.of(TENANT, MAC, List.of("floor1"), content.settings()).changedAt()).isEqualTo(2000);
        assertThat(effective.of(TENANT, BARE, List.of(), content.settings()).changedAt()).isEqualTo(1500);
        assertThat(effective.of("eff-nobody", BARE, List.of(), content.settings()).changedAt()).isZero();
        assertThat(effective.of("eff-nobody", BARE, List.of(), content.settings()).find("d").origin().describe())
                .isEqualTo("profile");
    }

    @Test
    void anotherTenantsRowForTheMacIsNotTheDevicesLayer() {
        EffectiveSettings.DeviceSettings settings = effective.of(TENANT, FOREIGN, List.of(), content.settings());

        assertThat(describe(settings, "a")).isEqualTo("tenant=tenant");
        assertThat(settings.changedAt()).isEqualTo(1500);
    }

    private static String describe(EffectiveSettings.DeviceSettings settings, String name) {
        EffectiveSettings.Value value = settings.find(name);
        return value.setting().value() + "=" + value.origin().describe();
    }
}
