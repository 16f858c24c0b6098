package org.telprov.phonesim.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DigestAuthTest {

    // RFC 7616 §3.9.1
    private static final String REALM = "http-auth@example.org";
    private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    private static final Credentials MUFASA = new Credentials("Mufasa", "Circle of Life");
    private static final List<String> RFC_CHALLENGES = List.of(
            "Digest realm=\"" + REALM + "\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\"" + NONCE
                    + "\", opaque=\"" + OPAQUE + "\"",
            "Digest realm=\"" + REALM + "\", qop=\"auth, auth-int\", algorithm=MD5, nonce=\"" + NONCE
                    + "\", opaque=\"" + OPAQUE + "\"");

    @Test
    void md5ResponseMatchesTheRfcExample() {
        assertThat(DigestAuth.response(DigestAuth.Algorithm.MD5, "Mufasa", REALM, "Circle of Life", "GET",
                "/dir/index.html", NONCE, "00000001", CNONCE, true))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void sha256ResponseMatchesTheRfcExample() {
        assertThat(DigestAuth.response(DigestAuth.Algorithm.SHA_256, "Mufasa", REALM, "Circle of Life", "GET",
                "/dir/index.html", NONCE, "00000001", CNONCE, true))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void theRfcChallengesAreAnsweredWithSha256() {
        DigestAuth.Challenge challenge = DigestAuth.choose(DigestAuth.parse(RFC_CHALLENGES)).orElseThrow();

        assertThat(challenge.algorithm()).isEqualTo(DigestAuth.Algorithm.SHA_256);
        assertThat(DigestAuth.authorization(challenge, MUFASA, "GET", "/dir/index.html", 1, CNONCE))
                .isEqualTo("Digest username=\"Mufasa\", realm=\"" + REALM + "\", uri=\"/dir/index.html\", "
                        + "algorithm=SHA-256, nonce=\"" + NONCE + "\", nc=00000001, cnonce=\"" + CNONCE
                        + "\", qop=auth, response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", "
                        + "opaque=\"" + OPAQUE + "\"");
    }

    @Test
    void md5IsAnsweredWhenItIsAllTheServerOffers() {
        DigestAuth.Challenge challenge =
                DigestAuth.choose(DigestAuth.parse(RFC_CHALLENGES.subList(1, 2))).orElseThrow();

        assertThat(DigestAuth.authorization(challenge, MUFASA, "GET", "/dir/index.html", 1, CNONCE))
                .contains("algorithm=MD5", "response=\"8ca523f5e9506fed4657c9700eebdbec\"");
    }

    @Test
    void theNonceCountRisesWithEachRequestOnTheSameNonce() {
        DigestAuth.NonceUse use =
                new DigestAuth.NonceUse(DigestAuth.choose(DigestAuth.parse(RFC_CHALLENGES)).orElseThrow());

        String first = use.authorize(MUFASA, "GET", "/a");
        String second = use.authorize(MUFASA, "GET", "/b");

        assertThat(first).contains("nc=00000001");
        assertThat(second).contains("nc=00000002");
        assertThat(cnonce(first)).isNotEqualTo(cnonce(second));
    }

    @Test
    void severalChallengesInOneHeaderWithQuotedCommasAreSplit() {
        List<DigestAuth.Challenge> challenges = DigestAuth.parse(List.of(
                "Basic realm=\"a, b\", Digest realm=\"r, s\", nonce=\"n\\\"1\", qop=\"auth\", stale=TRUE, "
                        + "Negotiate abc=="));

        assertThat(challenges).singleElement().satisfies(c -> {
            assertThat(c.realm()).isEqualTo("r, s");
            assertThat(c.nonce()).isEqualTo("n\"1");
            assertThat(c.algorithm()).isEqualTo(DigestAuth.Algorithm.MD5);
            assertThat(c.stale()).isTrue();
            assertThat(c.qopAuth()).isTrue();
        });
    }

    @Test
    void challengesThePhoneCannotAnswerAreLeftOut() {
        assertThat(DigestAuth.parse(List.of(
                "Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"",
                "Digest realm=\"r\", nonce=\"n\", algorithm=SHA3-512",
                "Digest nonce=\"n\""))).isEmpty();
    }

    @Test
    void withoutQopTheRfc2069FormIsSent() {
        DigestAuth.Challenge challenge =
                DigestAuth.choose(DigestAuth.parse(List.of("Digest realm=\"r\", nonce=\"n\""))).orElseThrow();

        String header = DigestAuth.authorization(challenge, MUFASA, "GET", "/x", 1, "c");

        String ha1 = DigestAuth.Algorithm.MD5.hash("Mufasa:r:Circle of Life");
        String ha2 = DigestAuth.Algorithm.MD5.hash("GET:/x");
        assertThat(header).doesNotContain("nc=", "cnonce=", "qop=")
                .contains("response=\"" + DigestAuth.Algorithm.MD5.hash(ha1 + ":n:" + ha2) + "\"");
    }

    @Test
    void userhashSendsTheHashedUserName() {
        DigestAuth.Challenge challenge = DigestAuth.choose(DigestAuth.parse(List.of(
                "Digest realm=\"" + REALM + "\", nonce=\"n\", qop=auth, algorithm=SHA-256, userhash=true")))
                .orElseThrow();

        assertThat(DigestAuth.authorization(challenge, MUFASA, "GET", "/x", 1, "c"))
                .contains("username=\"" + DigestAuth.Algorithm.SHA_256.hash("Mufasa:" + REALM) + "\"",
                        "userhash=true");
    }

    private static String cnonce(String header) {
        return header.replaceAll(".*cnonce=\"([^\"]*)\".*", "$1");
    }
}
