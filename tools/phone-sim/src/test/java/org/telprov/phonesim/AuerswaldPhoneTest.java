package org.telprov.phonesim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.report.Step;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuerswaldPhoneTest {

    private static final Mac MAC = Mac.parse("00:09:52:00:00:0E");
    private static final String PROV = "/prov/00095200000E";

    private FakePlatform platform;

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
        platform.dialect = "auerswald";
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    @Test
    void referencesInAllFourFormsAreLoadedOneByOneWithMarkersReplaced() {
        platform.references = List.of("first_file.xml", "/second_file.xml", platform.otherHost() + "/third_file.xml",
                "prov.py?mac=<MACADR>&sn={serial}&hw=<HWTYP>&m={mac}&s=<SERIAL>&t={type}");
        // the settings-patch form the platform renders: sections marked patch="true", settings as leaf elements
        platform.override(PROV + "/first_file.xml", FakePlatform.xml(
                "<configuration><sip patch=\"true\"><account><user>1</user></account></sip></configuration>"));
        platform.override("/second_file.xml", settings("second", "2"));
        platform.override("/third_file.xml", settings("third", "3"));
        platform.override(PROV + "/prov.py", settings("fourth", "4"));

        Report report = boot(PhoneOptions.builder().serial("123412341234").type("D100"));

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(report.steps().stream().filter(Step::isRequest).map(Step::url)).containsExactly(
                platform.base() + "/device/00095200000e",
                platform.base() + PROV + "/",
                platform.base() + PROV + "/settings.xml",
                platform.base() + PROV + "/first_file.xml",
                platform.base() + "/second_file.xml",
                platform.otherHost() + "/third_file.xml",
                platform.base() + PROV + "/prov.py?mac=00095200000E&sn=123412341234&hw=D100&m=00095200000E"
                        + "&s=123412341234&t=D100");
        assertThat(report.params()).containsEntry("SIP.Account.0.AccountName", "1012")
                .containsEntry("sip.account.user", "1").containsEntry("second", "2").containsEntry("third", "3")
                .containsEntry("fourth", "4");
        assertThat(report.files("references")).hasSize(1);
        assertThat(report.files("settings")).hasSize(5);
        assertThat(platform.seen().get(0).userAgent()).isEqualTo("Auerswald COMfortel D100 V3.8.2 00095200000E");
    }

    @Test
    void nestedReferenceFilesAreFollowedRelativeToTheirOwnUrl() {
        platform.references = List.of("nested/references.xml", "last.xml");
        platform.override(PROV + "/nested/references.xml", references("inner.xml", "../after-inner.xml"));
        platform.override(PROV + "/nested/inner.xml", settings("inner", "yes"));
        platform.override(PROV + "/after-inner.xml", settings("after", "yes"));
        platform.override(PROV + "/last.xml", settings("last", "yes"));

        Report report = boot(PhoneOptions.builder());

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(platform.seen().stream().map(FakePlatform.Seen::uri)).containsExactly("/device/00095200000e",
                PROV + "/", PROV + "/settings.xml", PROV + "/nested/references.xml", PROV + "/nested/inner.xml",
                PROV + "/after-inner.xml", PROV + "/last.xml");
        assertThat(report.text()).contains("6 files loaded");
    }

    @Test
    void theVendorsExampleWithRawMarkersIsReadAsMeant() {
        platform.override(PROV + "/", FakePlatform.Answer.of("application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" ?> <referencedSettings "
                        + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                        + "xsi:noNamespaceSchemaLocation=\"provisioning_references.xsd\"> "
                        + "<URL>prov.py?mac=<MACADR></URL> </referencedSettings>"));
        platform.override(PROV + "/prov.py", settings("raw", "ok"));

        Report report = boot(PhoneOptions.builder());

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(platform.seen().get(2).uri()).isEqualTo(PROV + "/prov.py?mac=00095200000E");
    }

    @Test
    void aReferenceBackToAnEnclosingFileIsALoop() {
        platform.references = List.of("again.xml");
        platform.override(PROV + "/again.xml", references("/prov/00095200000E/"));

        Report report = boot(PhoneOptions.builder());

        assertThat(report.ok()).isFalse();
        assertThat(report.reason()).isEqualTo("reference loop");
    }

    @Test
    void referencesNestedDeeperThanTheLimitFail() {
        platform.references = List.of("d1.xml");
        for (int i = 1; i <= 6; i++) {
            platform.override(PROV + "/d" + i + ".xml", references("d" + (i + 1) + ".xml"));
        }

        Report report = boot(PhoneOptions.builder());

        assertThat(report.reason()).isEqualTo("references nested deeper than 5");
        assertThat(platform.seen().stream().map(FakePlatform.Seen::uri)).last().isEqualTo(PROV + "/d5.xml");
    }

    @Test
    void theGivenUrlMayHoldMarkers() {
        Report report = boot(PhoneOptions.builder().url(platform.base() + "/prov/{mac}/references.xml"));

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(platform.seen().get(0).uri()).isEqualTo(PROV + "/references.xml");
    }

    @Test
    void aMissingReferencedFileFailsThePhone() {
        platform.references = List.of("missing.xml");

        Report report = boot(PhoneOptions.builder());

        assertThat(report.reason()).isEqualTo("missing.xml: HTTP 404");
        assertThat(report.params()).isEmpty();
    }

    @Test
    void theOperationsFileIsFetchedAfterThePatchAndChangesTheSettingsItLeft() {
        platform.params = new LinkedHashMap<>(Map.of("sip.account.user", "1012", "sip.account.displayName", "Tom",
                "phone.language", "de", "phone.ringtone", "1"));
        platform.operations = """
                <operations>
                <delete path="/phone/language"/>
                <replace path="/sip/account/user">
                  <user>1099</user>
                </replace>
                <add path="/sip/account/">
                  <password>pa55&lt;&amp;&gt;</password>
                  <parameter name="@string/foo" value="bar"/>
                </add>
                </operations>
                """;

        Report report = boot(PhoneOptions.builder());

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(platform.seen().stream().map(FakePlatform.Seen::uri)).containsExactly("/device/00095200000e",
                PROV + "/", PROV + "/settings.xml", PROV + "/operations.xml");
        assertThat(report.params()).containsEntry("sip.account.user", "1099")
                .containsEntry("sip.account.displayName", "Tom").containsEntry("sip.account.password", "pa55<&>")
                .containsEntry("@string/foo", "bar").containsEntry("phone.ringtone", "1")
                .doesNotContainKey("phone.language");
        assertThat(report.files("operations")).hasSize(1);
        assertThat(report.text()).contains("3 of 3 operations applied (3 settings set, 1 removed)");
    }

    @Test
    void theServicesOperationsFileIsReadAndWhatMatchesNothingOnThisPhoneIsDiscardedBySection() {
        // services/provisioning's golden-operations.xml: the document's operations and an add with a sub-tree
        platform.params = new LinkedHashMap<>(Map.of("sip.accounts.count", "1"));
        platform.operations = """
                <operations>
                <delete path="/templates/template[@name='Test']"/>
                <replace path="/keys/phoneXtensions/key[@keyNumber='3']/parameters/parameter[@name='@string/identity']">
                  <parameter name="@string/identity" value="3"/>
                </replace>
                <add path="/keys/phoneXtensions/key[@keyNumber='3']/parameters/">
                  <parameter name="@string/foo" value="bar"/>
                </add>
                <add path="/sip/accounts">
                  <account id="2">
                    <displayName>Tom "&lt;&amp;&gt;" O'Neil</displayName>
                    <note>ab</note>
                    <empty/>
                  </account>
                  <account id="3"/>
                </add>
                </operations>
                """;

        Report report = boot(PhoneOptions.builder());

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(report.params()).containsEntry("sip.accounts.account.note", "ab")
                .containsEntry("sip.accounts.count", "1").doesNotContainKey("@string/foo");
        assertThat(report.text()).contains("1 of 4 operations applied")
                .contains("operations on section templates discarded: /templates/template[@name='Test'] names nothing")
                .contains("operations on section keys discarded");
    }

    @Test
    void aSectionWithAnOperationThatNamesNothingKeepsItsSettingsAndLosesAllItsOperations() {
        platform.params = new LinkedHashMap<>(Map.of("sip.account.user", "1012", "phone.language", "de"));
        platform.operations = """
                <operations>
                <replace path="/sip/account/user"><user>2</user></replace>
                <delete path="/sip/account/missing"/>
                <add path="/phone"><ringtone>3</ringtone></add>
                <delete path="/templates/template[@name='Test']"/>
                </operations>
                """;

        Report report = boot(PhoneOptions.builder());

        assertThat(report.ok()).as(report.text()).isTrue();
        assertThat(report.params()).containsEntry("sip.account.user", "1012").containsEntry("phone.ringtone", "3")
                .containsEntry("phone.language", "de");
        assertThat(report.text()).contains("1 of 4 operations applied")
                .contains("operations on section sip discarded: /sip/account/missing names nothing")
                .contains("operations on section templates discarded");
    }

    @Test
    void removedSettingsStayRemovedAtTheNextBoot(@org.junit.jupiter.api.io.TempDir java.nio.file.Path state) {
        platform.params = new LinkedHashMap<>(Map.of("phone.language", "de", "phone.ringtone", "1"));
        platform.operations = "<operations><delete path=\"/phone/language\"/></operations>";
        assertThat(boot(PhoneOptions.builder().stateDir(state)).params()).doesNotContainKey("phone.language");

        // the next boot's patch no longer names it, and the phone does not bring it back
        platform.params = new LinkedHashMap<>(Map.of("phone.ringtone", "2"));
        platform.operations = null;
        assertThat(boot(PhoneOptions.builder().stateDir(state)).params()).containsEntry("phone.ringtone", "2")
                .doesNotContainKey("phone.language");
    }

    @Test
    void anOperationsFileThePhoneCannotReadFailsTheBoot() {
        Map<String, String> refused = Map.of(
                "<operations><delete path=\"/sip/account/@user\"/></operations>",
                "operations file: /sip/account/@user points to an attribute or text, not a sub-tree",
                "<operations><replace path=\"/sip/account/user/text()\"><u/></replace></operations>",
                "operations file: /sip/account/user/text() points to an attribute or text, not a sub-tree",
                "<operations><add path=\"/sip\"/></operations>", "operations file: <add> carries no elements",
                "<operations><delete path=\"/sip\"><a/></delete></operations>",
                "operations file: <delete> carries elements",
                "<operations><delete/></operations>", "operations file: <delete> without a path",
                "<operations><move path=\"/sip\"/></operations>", "operations file: unknown operation <move>",
                "<operations><delete path=\"/sip[\"/></operations>", "operations file: /sip[ is not an XPath");
        refused.forEach((file, reason) -> {
            platform.operations = file;
            Report report = boot(PhoneOptions.builder());
            assertThat(report.reason()).as(file).isEqualTo(reason);
        });
    }

    private Report boot(PhoneOptions.Builder options) {
        // a given URL is used instead of asking the redirect service
        return PhoneSimulator.run(Family.AUERSWALD, options.mac(MAC).redirect(URI.create(platform.base())).build());
    }

    private static FakePlatform.Answer settings(String name, String value) {
        return FakePlatform.xml("<settings><parameter name=\"" + name + "\" value=\"" + value + "\"/></settings>");
    }

    private static FakePlatform.Answer references(String... urls) {
        StringBuilder body = new StringBuilder("<referencedSettings>");
        for (String url : urls) {
            body.append("<URL>").append(url).append("</URL>");
        }
        return FakePlatform.xml(body.append("</referencedSettings>").toString());
    }
}
