package org.telprov.provisioning.auth;

import org.junit.jupiter.api.Test;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.support.problem.ProblemException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which files a setting leaves public, and what it accepts. */
class DeviceAuthSettingsTest {

    @Test
    void theDefaultIsDigestWithSha256OnlyAndNoCredentialOrParameterFilePublic() {
        assertThat(DeviceAuthSettings.DEFAULT.mode()).isEqualTo("digest");
        assertThat(DeviceAuthSettings.DEFAULT.algorithms()).containsExactly("SHA-256");
        for (String file : List.of("nvm/settings.xml", "nvm/credentials.xml", "credentials.xml", "device.xml",
                "settings.xml", "operations.xml", "config.txt")) {
            assertThat(DeviceAuthSettings.DEFAULT.isPublic(file)).as(file).isFalse();
        }
    }

    @Test
    void modeOffLeavesEveryFilePublic() {
        DeviceAuthSettings off = new DeviceAuthSettings("off", null, null).validated();
        assertThat(off.isPublic("nvm/settings.xml")).isTrue();
        assertThat(off.isPublic("nvm/credentials.xml")).isTrue();
    }

    @Test
    void aStoredListNamingACredentialOrParameterFileDoesNotMakeItPublic() {
        // as a setting stored before these files could no longer be listed
        DeviceAuthSettings stored = new DeviceAuthSettings("digest", List.of("nvm/credentials.xml",
                "nvm/settings.xml", "config.txt", "operations.xml", "provisioning.xml"), List.of("SHA-256"));
        assertThat(stored.isPublic("nvm/credentials.xml")).isFalse();
        assertThat(stored.isPublic("nvm/settings.xml")).isFalse();
        assertThat(stored.isPublic("config.txt")).isFalse();
        assertThat(stored.isPublic("operations.xml")).isFalse();
        assertThat(stored.isPublic("provisioning.xml")).isTrue();
    }

    @Test
    void digestProtectsWhatIsNotListed() {
        DeviceAuthSettings digest = new DeviceAuthSettings("digest", null, null).validated();
        assertThat(digest.publicFiles()).isEqualTo(DeviceAuthSettings.DEFAULT_PUBLIC_FILES);
        assertThat(digest.algorithms()).containsExactly("SHA-256");
        assertThat(digest.isPublic("provisioning.xml")).isTrue();
        assertThat(digest.isPublic("nvm/updates.xml")).isTrue();
        assertThat(digest.isPublic("nvm/settings.xml")).isFalse();
        assertThat(digest.isPublic("custom/office-ca.pem")).isFalse();
        assertThat(digest.isPublic("config.txt")).isFalse();
    }

    @Test
    void certificatesArePublicByNameOrAll() {
        DeviceAuthSettings one = new DeviceAuthSettings("digest", List.of("custom/office-ca.pem"), null).validated();
        assertThat(one.isPublic("custom/office-ca.pem")).isTrue();
        assertThat(one.isPublic("custom/other.pem")).isFalse();
        DeviceAuthSettings all = new DeviceAuthSettings("digest", List.of("custom/*.pem"), null).validated();
        assertThat(all.isPublic("custom/other.pem")).isTrue();
        assertThat(all.isPublic("custom/updates.xml")).isFalse();
        assertThat(all.isPublic("nvm/settings.xml")).isFalse();
    }

    @Test
    void listsLoseRepeatsAndAlgorithmsComeInChallengeOrder() {
        DeviceAuthSettings settings = new DeviceAuthSettings("digest",
                List.of("provisioning.xml", "provisioning.xml"), List.of("MD5", "SHA-256", "MD5")).validated();
        assertThat(settings.publicFiles()).containsExactly("provisioning.xml");
        assertThat(settings.algorithms()).containsExactly("SHA-256", "MD5");
    }

    @Test
    void unknownModesFilesAndAlgorithmsAreRefusedNamingTheField() {
        assertField(new DeviceAuthSettings("basic", null, null), "mode");
        assertField(new DeviceAuthSettings(null, null, null), "mode");
        assertField(new DeviceAuthSettings("digest", List.of("provisioning.xml", "secrets.xml"), null),
                "publicFiles[1]");
        assertField(new DeviceAuthSettings("digest", List.of("custom/../x.pem"), null), "publicFiles[0]");
        assertField(new DeviceAuthSettings("digest", List.of("*"), null), "publicFiles[0]");
        assertField(new DeviceAuthSettings("digest", List.of("nvm/credentials.xml"), null), "publicFiles[0]");
        assertField(new DeviceAuthSettings("digest", List.of("provisioning.xml", "device.xml"), null),
                "publicFiles[1]");
        assertField(new DeviceAuthSettings("digest", null, List.of("SHA-256", "SHA-512-256")), "algorithms[1]");
        assertField(new DeviceAuthSettings("digest", null, List.of("sha-256")), "algorithms[0]");
        assertField(new DeviceAuthSettings("digest", null, List.of()), "algorithms");
    }

    @Test
    void noDialectIsServedOverTftpUnlessListedAndOnlyDialectIdsAreAccepted() {
        assertThat(DeviceAuthSettings.DEFAULT.servesOverTftp(Dialect.PLUG_N_DIAL)).isFalse();
        assertThat(new DeviceAuthSettings("off", null, null).validated().tftpDialects()).isEmpty();
        DeviceAuthSettings tftp = new DeviceAuthSettings("digest", null, null,
                List.of("plug-n-dial", "auerswald", "plug-n-dial")).validated();
        assertThat(tftp.tftpDialects()).containsExactly("plug-n-dial", "auerswald");
        assertThat(tftp.servesOverTftp(Dialect.PLUG_N_DIAL)).isTrue();
        assertThat(tftp.servesOverTftp(Dialect.MAXWELL_11)).isFalse();
        assertField(new DeviceAuthSettings("digest", null, null, List.of("auerswald", "Plug-n-Dial")),
                "tftpDialects[1]");
        assertField(new DeviceAuthSettings("digest", null, null, java.util.Arrays.asList((String) null)),
                "tftpDialects[0]");
    }

    private static void assertField(DeviceAuthSettings settings, String field) {
        assertThatThrownBy(settings::validated).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().errors()).singleElement().satisfies(error -> assertThat(error.field())
                    .isEqualTo(field));
        });
    }
}
