package org.telprov.provisioning.profile;

import org.junit.jupiter.api.Test;
import org.telprov.provisioning.ProvisioningConfig;
import org.telprov.support.probing.ProbeBudget;
import org.telprov.support.problem.ProblemException;

import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("k".repeat(32).getBytes());

    @Test
    void aSealedValueOpensWithTheKeyOnlyAndNeverRepeats() {
        SecretBox box = new SecretBox(config(KEY));
        String first = box.seal("pa55 \"<&>\"");
        String second = box.seal("pa55 \"<&>\"");
        assertThat(first).isNotEqualTo(second).doesNotContain("pa55");
        assertThat(box.open(first)).isEqualTo("pa55 \"<&>\"");
        assertThatThrownBy(() -> new SecretBox(config(OTHER_KEY)).open(first)).isInstanceOf(IllegalStateException.class);
        String tampered = first.substring(0, first.length() - 4) + (first.endsWith("AAA=") ? "BBB=" : "AAA=");
        assertThatThrownBy(() -> box.open(tampered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAKeySecretsAreRefusedAndAWrongKeyDoesNotStart() {
        assertThatThrownBy(() -> new SecretBox(config(null)).seal("x"))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("secrets_unavailable"));
        assertThatThrownBy(() -> new SecretBox(config("c2hvcnQ="))).isInstanceOf(IllegalStateException.class);
    }

    private static ProvisioningConfig config(String key) {
        return new ProvisioningConfig() {
            @Override
            public String publicBaseUrl() {
                return "http://localhost";
            }

            @Override
            public Optional<String> secretsKey() {
                return Optional.ofNullable(key);
            }

            @Override
            public int maxValueLength() {
                return 4096;
            }

            @Override
            public int renderCacheSize() {
                return 10;
            }

            @Override
            public int sharedRenderCacheSize() {
                return 10;
            }

            @Override
            public Firmware firmware() {
                return new Firmware() {
                    @Override
                    public String baseUrl() {
                        return "http://localhost";
                    }

                    @Override
                    public Duration linkValidity() {
                        return Duration.ofDays(7);
                    }
                };
            }

            @Override
            public DeviceAuth deviceAuth() {
                return null;
            }

            @Override
            public Memory memory() {
                return null;
            }

            @Override
            public Checkins checkins() {
                return null;
            }

            @Override
            public Duration releaseGrace() {
                return Duration.ofHours(24);
            }

            @Override
            public ProbeBudget.Config probing() {
                return null;
            }
        };
    }
}
