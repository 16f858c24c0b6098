package org.telprov.redirect.destination;

import org.junit.jupiter.api.Test;
import org.telprov.events.MacAddress;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UrlTemplateTest {

    private static final MacAddress MAC = MacAddress.parse("00095200000e");

    @Test
    void everyMarkerIsExpanded() {
        assertThat(UrlTemplate.expand("https://p.example/<MACADR>/%MACD/{mac}/{mac_colons}?s=<SERIAL>&t={serial}&h=<HWTYP>&y={type}",
                MAC, "SN 1", "D-400"))
                .contains(URI.create("https://p.example/00095200000E/00095200000E/00095200000E/00:09:52:00:00:0e"
                        + "?s=SN+1&t=SN+1&h=D-400&y=D-400"));
    }

    @Test
    void aCrLfSmuggledThroughTheSerialIsEncodedAndCannotSplitTheHeader() {
        URI url = UrlTemplate.expand("https://p.example/{mac}?sn={serial}", MAC, "x\r\nSet-Cookie: a=b", "D200")
                .orElseThrow();
        assertThat(url.toString()).doesNotContain("\r", "\n").contains("x%0D%0ASet-Cookie%3A+a%3Db");
    }

    @Test
    void aCrLfInTheTemplateIsRefused() {
        assertThat(UrlTemplate.expand("https://p.example/{mac}\r\nLocation: http://evil.example/", MAC, "1", "D200"))
                .isEmpty();
        assertThat(UrlTemplate.expand("https://p.example/\n{mac}", MAC, "1", "D200")).isEmpty();
    }

    @Test
    void credentialsInTheTemplateAreRefused() {
        assertThat(UrlTemplate.expand("https://admin:secret@p.example/{mac}", MAC, "1", "D200")).isEmpty();
        assertThat(UrlTemplate.expand("https://p.example@evil.example/{mac}", MAC, "1", "D200")).isEmpty();
    }

    @Test
    void aSerialCannotTurnTheHostIntoCredentialsOrAnotherHost() {
        assertThat(UrlTemplate.expand("https://{serial}.p.example/{mac}", MAC, "user:pw@evil.example/#", "D200"))
                .isEmpty();
        assertThat(UrlTemplate.expand("https://p.example{serial}/{mac}", MAC, "@evil.example", "D200")).isEmpty();
    }

    @Test
    void onlyHttpAndHttpsAreAllowed() {
        assertThat(UrlTemplate.expand("ftp://p.example/{mac}", MAC, "1", "D200")).isEmpty();
        assertThat(UrlTemplate.expand("javascript:alert(1)//{mac}", MAC, "1", "D200")).isEmpty();
        assertThat(UrlTemplate.expand("/relative/{mac}", MAC, "1", "D200")).isEmpty();
        assertThat(UrlTemplate.expand("HTTP://p.example/{mac}", MAC, "1", "D200")).isPresent();
    }

    @Test
    void spacesAndControlCharactersAreRefused() {
        assertThat(UrlTemplate.expand("https://p.example/a b/{mac}", MAC, "1", "D200")).isEmpty();
        assertThat(UrlTemplate.expand("https://p.example/\u0000/{mac}", MAC, "1", "D200")).isEmpty();
    }

    @Test
    void aCompiledTemplateAnswersEveryDeviceAsThePerDeviceExpansionDoes() {
        List<String> templates = List.of(
                "https://p.example/<MACADR>/%MACD/{mac}/{mac_colons}?s=<SERIAL>&t={serial}&h=<HWTYP>&y={type}",
                "https://prov3.bench.example/cfg/<MACADR>.xml?sn={serial}&hw={type}",
                "HTTP://p.example:8443/{mac}#{serial}", "https://p.example?{serial}", "https://p.example/cfg/ä/{mac}",
                "https://p.example/{mac}\r\nLocation: http://evil.example/", "https://p.example/\n{mac}",
                "https://admin:secret@p.example/{mac}", "https://p.example@evil.example/{mac}",
                "https://{serial}.p.example/{mac}", "https://p.example{serial}/{mac}", "https://{type}/{mac}",
                "ftp://p.example/{mac}", "javascript:alert(1)//{mac}", "/relative/{mac}", "https://p.example/a b/{mac}",
                "https://p.example/%{mac}", "https://p.example/%41{mac}", "https://p.example/{ty{serial}pe}",
                "https://p.example/<{mac}>", "https://p.example/{unknown}/{mac}", "https://p.example/static",
                "https://p.example/[{mac}]", "http:opaque/{mac}", "https:///{mac}", "");
        List<String> values = Arrays.asList("SN 1", "x\r\nSet-Cookie: a=b", "user:pw@evil.example/#", "@evil.example",
                "D-400", "", null, "ä€", "%41", "{type}", "<MACADR>", "plain");
        for (String template : templates) {
            UrlTemplate compiled = UrlTemplate.compile(template);
            for (String serial : values) {
                for (String type : List.of("D-400", "T 46/S")) {
                    assertThat(compiled.expand(MAC.value(), serial, type))
                            .as("%s with serial %s and type %s", template, serial, type)
                            .isEqualTo(UrlTemplate.expand(template, MAC, serial, type).map(URI::toString).orElse(null));
                }
            }
        }
    }

    @Test
    void aCompiledTemplateExpandsEveryMarker() {
        assertThat(UrlTemplate.compile("https://p.example/<MACADR>/%MACD/{mac}/{mac_colons}?s=<SERIAL>&h={type}")
                .expand(0x901b0e56c7bcL, "SN 1", "D-400"))
                .isEqualTo("https://p.example/901B0E56C7BC/901B0E56C7BC/901B0E56C7BC/90:1b:0e:56:c7:bc?s=SN+1&h=D-400");
    }
}
