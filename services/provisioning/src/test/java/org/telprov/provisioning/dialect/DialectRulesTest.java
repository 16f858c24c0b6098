package org.telprov.provisioning.dialect;

import org.junit.jupiter.api.Test;
import org.telprov.provisioning.dialect.auerswald.Auerswald;
import org.telprov.provisioning.dialect.maxwell10.Maxwell10;
import org.telprov.provisioning.dialect.maxwell11.Maxwell11;
import org.telprov.provisioning.dialect.maxwell11.Maxwell11Files;
import org.telprov.provisioning.dialect.plugndial.PlugNDial;
import org.telprov.provisioning.profile.DialectRules;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.ProfileRequest;
import org.telprov.support.problem.Problem;
import org.telprov.support.problem.ProblemException;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Each dialect's save-time rules (docs/device-files.md), as plain logic: no Kafka, no database. The rules use none of
 * the dialect's file renderers, so the dialects are built without them.
 */
class DialectRulesTest {

    private static final DialectRules MAXWELL_10 = new Maxwell10(null);
    private static final DialectRules MAXWELL_11 = new Maxwell11(null);
    private static final DialectRules AUERSWALD = new Auerswald(null);
    private static final DialectRules PLUG_N_DIAL = new PlugNDial(null);

    @Test
    void eachDialectRefusesTheContentItHasNoFileFor() {
        ProfileRequest certificates = request(List.of(new ProfileRequest.CertificateRequest("ca", "x")), null, null);
        ProfileRequest firmware = request(null, new ProfileRequest.FirmwareRequest(null, "v", "p", "stable"), null);
        ProfileRequest references = request(null, null, List.of("http://example.com/extra.xml"));

        assertThatCode(() -> MAXWELL_10.contentKinds(certificates)).doesNotThrowAnyException();
        assertThatCode(() -> MAXWELL_10.contentKinds(firmware)).doesNotThrowAnyException();
        assertUnsupported(() -> MAXWELL_10.contentKinds(references), "references");
        assertUnsupported(() -> MAXWELL_11.contentKinds(certificates), "certificates");
        assertUnsupported(() -> MAXWELL_11.contentKinds(firmware), "firmware");
        assertThatCode(() -> AUERSWALD.contentKinds(references)).doesNotThrowAnyException();
        assertUnsupported(() -> AUERSWALD.contentKinds(firmware), "firmware");
        assertThatCode(() -> PLUG_N_DIAL.contentKinds(firmware)).doesNotThrowAnyException();
        assertUnsupported(() -> PLUG_N_DIAL.contentKinds(certificates), "certificates");
        assertThat(List.of(MAXWELL_10, MAXWELL_11, PLUG_N_DIAL)).noneMatch(DialectRules::carriesOperations);
        assertThat(AUERSWALD.carriesOperations()).isTrue();
    }

    @Test
    void maxwell11KeepsTheSettingsVersionItsOwn() {
        assertInvalid(() -> MAXWELL_11.name(Maxwell11Files.SETTINGS_VERSION, "parameters[0].name"),
                "parameters[0].name");
        assertThatCode(() -> MAXWELL_11.name("SIP.Account.0.AuthName", "parameters[0].name"))
                .doesNotThrowAnyException();
    }

    @Test
    void auerswaldNamesAreDottedXmlNamesAndNoNameIsAlsoASection() {
        assertThatCode(() -> AUERSWALD.name("sip.account.displayName", "f")).doesNotThrowAnyException();
        assertInvalid(() -> AUERSWALD.name("sip..account", "f"), "f");
        assertInvalid(() -> AUERSWALD.name("sip.1account", "f"), "f");
        assertInvalid(() -> AUERSWALD.name("sip.XmlThing", "f"), "f");

        List<ProfileContent.Parameter> parameters = List.of(new ProfileContent.Parameter("sip.account", "1", false));
        assertThatCode(() -> AUERSWALD.tree(parameters, Map.of())).doesNotThrowAnyException();
        assertInvalid(() -> AUERSWALD.tree(parameters, Map.of("901b0e000001",
                List.of(new ProfileContent.Parameter("sip.account.user", "u", false)))), "overrides.901b0e000001");
    }

    @Test
    void auerswaldReferencesAreHttpUrlsWithoutCredentials() {
        assertThat(AUERSWALD.references(List.of("extra/<MACADR>.xml", "https://example.com/a.xml")))
                .containsExactly("extra/<MACADR>.xml", "https://example.com/a.xml");
        assertInvalid(() -> AUERSWALD.references(List.of("ftp://example.com/a.xml")), "references[0]");
        assertInvalid(() -> AUERSWALD.references(List.of("https://user:secret@example.com/a.xml")), "references[0]");
        assertInvalid(() -> AUERSWALD.references(List.of("https://example.com/a b.xml")), "references[0]");
    }

    @Test
    void plugNDialValuesCannotCarryAQuote() {
        assertThat(PLUG_N_DIAL.restrictsValues()).isTrue();
        assertInvalid(() -> PLUG_N_DIAL.value("say \"hi\"", "parameters[0].value"), "parameters[0].value");
        assertThatCode(() -> PLUG_N_DIAL.value("it's fine", "parameters[0].value")).doesNotThrowAnyException();
        assertThat(MAXWELL_10.restrictsValues()).isFalse();
    }

    private static ProfileRequest request(List<ProfileRequest.CertificateRequest> certificates,
                                          ProfileRequest.FirmwareRequest firmware, List<String> references) {
        return new ProfileRequest("p", null, List.of(), certificates, firmware, Map.of(), references, null, null);
    }

    private static void assertUnsupported(Runnable check, String field) {
        assertProblem(check, "unsupported_in_dialect", field);
    }

    private static void assertInvalid(Runnable check, String field) {
        assertProblem(check, "validation_failed", field);
    }

    private static void assertProblem(Runnable check, String code, String field) {
        ProblemException thrown = catchThrowableOfType(ProblemException.class, check::run);
        assertThat(thrown).as("refused").isNotNull();
        Problem problem = thrown.problem();
        assertThat(problem.code()).isEqualTo(code);
        assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly(field);
    }
}
