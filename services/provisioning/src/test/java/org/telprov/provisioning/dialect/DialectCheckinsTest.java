package org.telprov.provisioning.dialect;

import org.junit.jupiter.api.Test;
import org.telprov.provisioning.dialect.auerswald.Auerswald;
import org.telprov.provisioning.dialect.maxwell10.Maxwell10;
import org.telprov.provisioning.dialect.maxwell11.Maxwell11;
import org.telprov.provisioning.dialect.plugndial.PlugNDial;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.render.CheckinFiles;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each dialect's package declares what its check-ins confirm, and the registry refuses a package that disagrees. */
class DialectCheckinsTest {

    private static final String MAC = "7c2f80c0ffee";

    @Test
    void everyDialectHasItsCheckinRulesFromItsPackage() {
        for (Dialect dialect : Dialect.values()) {
            assertThat(Dialects.checkins(dialect)).as(dialect.id()).isNotNull();
        }
        assertThat(Dialects.checkins(Dialect.MAXWELL_10)).isSameAs(Maxwell10.CHECKINS);
        assertThat(Dialects.checkins(Dialect.PLUG_N_DIAL).confirming(false)).isEqualTo("config.txt");
        assertThatCode(() -> new Dialects(new Maxwell10(null), new Maxwell11(null), new Auerswald(null),
                new PlugNDial(null))).doesNotThrowAnyException();
    }

    @Test
    void aPackageWhoseCheckinRulesDisagreeWithItsFirmwareIsRefusedAtStartup() {
        Maxwell11 gettingFirmware = new Maxwell11(null) {
            @Override
            public CheckinFiles checkins() {
                return new CheckinFiles("device.xml", null, Set.of(), Set.of("firmware/updates.xml"), null);
            }
        };

        assertThatThrownBy(() -> new Dialects(new Maxwell10(null), gettingFirmware, new Auerswald(null),
                new PlugNDial(null))).isInstanceOf(IllegalStateException.class).hasMessageContaining("maxwell-1.1");
    }

    @Test
    void aReleaseGivesOnlyCredentialsWhenNoOtherParameterReachesTheDevice() {
        ProfileContent.Parameter user = new ProfileContent.Parameter(ProfileContent.DIGEST_USERNAME, "u", false);
        ProfileContent.Parameter password = new ProfileContent.Parameter(ProfileContent.DIGEST_PASSWORD, "p", true);
        ProfileContent.Parameter sip = new ProfileContent.Parameter("SIP.Account.1.Name", "x", false);

        assertThat(content(List.of(user, password), Map.of()).givesOnlyCredentials(MAC)).isTrue();
        assertThat(content(List.of(user, sip), Map.of()).givesOnlyCredentials(MAC)).isFalse();
        // a device's own override of another parameter gives it a settings file
        assertThat(content(List.of(user), Map.of(MAC, List.of(sip))).givesOnlyCredentials(MAC)).isFalse();
        assertThat(content(List.of(user), Map.of("000000000001", List.of(sip))).givesOnlyCredentials(MAC)).isTrue();
        assertThat(content(List.of(), Map.of()).givesOnlyCredentials(MAC)).isFalse();
    }

    private static ProfileContent content(List<ProfileContent.Parameter> parameters,
                                          Map<String, List<ProfileContent.Parameter>> overrides) {
        return new ProfileContent(Dialect.MAXWELL_10, parameters, List.of(), null, overrides, List.of());
    }
}
