package org.telprov.redirect.lookup;

import org.junit.jupiter.api.Test;
import org.telprov.events.MacAddress;

import java.net.URI;

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
}
