package org.telprov.provisioning.dialect.auerswald;

import org.junit.jupiter.api.Test;
import org.telprov.provisioning.profile.ContentCodec;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.ProfileRequest;
import org.telprov.support.problem.ProblemException;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an Auerswald operation may say: element paths only, and plain XML elements to put there. */
class AuerswaldOperationsTest {

    private static final String FIELD = "operations[0].path";

    @Test
    void theDocumentsOwnPathsAndOtherElementPathsAreAccepted() {
        for (String path : new String[]{
                "/templates/template[@name='Test']",
                "/keys/phoneXtensions/key[@keyNumber='3']/parameters/parameter[@name='@string/identity']",
                "/keys/phoneXtensions/key[@keyNumber='3']/parameters/",
                "/sip/account/user",
                "/keys/*[1]",
                "//parameter[@name=\"a/b\"]",
                "/keys//key[@keyNumber='3' and @type=\"x]\"]",
                "/a/b[c/d='x'][2]",
                "/a/b[count(c) > 1]"}) {
            AuerswaldOperations.path(path, FIELD);
        }
    }

    @Test
    void pathsThatDoNotNameAnElementAreRefusedWithTheReason() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("sip/account", "absolute XPath"),
                Map.entry("/templates/template/@name", "never an attribute"),
                Map.entry("/templates/template[@name='Test']/@name", "never an attribute"),
                Map.entry("/a/attribute::b", "never an attribute"),
                Map.entry("/a/text()", "element name"),
                Map.entry("/a/node()", "element name"),
                Map.entry("/a/..", "element name"),
                Map.entry("/a/.", "element name"),
                Map.entry("/a/child::b", "element name"),
                Map.entry("/ns:a", "element name"),
                Map.entry("/", "ends with an element name"),
                Map.entry("//", "ends with an element name"),
                Map.entry("/a//", "ends with an element name"),
                Map.entry("/a///b", "///"),
                Map.entry("/a/b[1]c", "only [predicates]"),
                Map.entry("/a/b[", "unclosed ["),
                Map.entry("/a/b]", "without its ["),
                Map.entry("/a/b[@n='x]", "unclosed quote"),
                Map.entry("/a/b[$v]", "no variables"),
                Map.entry("/a/b[foo()]", "not an XPath"),
                Map.entry("/a/b[document('x')]", "not an XPath"),
                Map.entry("/a/b[count(]", "not an XPath"),
                // the JDK's secure-processing limits keep a deeply nested expression from exhausting the stack
                Map.entry("/a[" + "(".repeat(990) + "1" + ")".repeat(990) + "]", "not an XPath"),
                Map.entry("/a" + "[b".repeat(600) + "]".repeat(600), "not an XPath"),
                Map.entry("/a\nb", "control characters"));
        refused.forEach((path, reason) -> assertThatThrownBy(() -> AuerswaldOperations.path(path, FIELD)).as(path)
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().code()).isEqualTo("validation_failed");
                    assertThat(e.problem().errors()).singleElement()
                            .satisfies(error -> assertThat(error.field()).isEqualTo(FIELD));
                    assertThat(e.problem().detail()).contains(reason);
                }));
    }

    @Test
    void theReasonIsTheParsersOwnWordsWithoutItsClassOrOurWrappersPosition() {
        assertThatThrownBy(() -> AuerswaldOperations.path("/a/b[foo()]", FIELD))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().detail())
                        .isEqualTo("not an XPath: Could not find function: foo"));
        assertThatThrownBy(() -> AuerswaldOperations.fragment("<a>", FIELD))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().detail())
                        .startsWith("not well-formed XML: ").doesNotContain("row,col").doesNotContain("Exception"));
    }

    @Test
    void fragmentsAreReadAsElementsWithTheirAttributesInOrder() {
        List<AuerswaldOperations.Element> elements = AuerswaldOperations.fragment("""
                <!-- two keys -->
                <parameter name="@string/identity" value="3"/>
                <key keyNumber="4"><label><![CDATA[<Tom>]]></label><name>caf&#233; &amp; bar</name></key>
                """, FIELD);
        assertThat(elements).hasSize(2);
        assertThat(elements.get(0).name()).isEqualTo("parameter");
        assertThat(elements.get(0).attributes()).containsExactly(Map.entry("name", "@string/identity"),
                Map.entry("value", "3"));
        assertThat(elements.get(1).children()).extracting(AuerswaldOperations.Element::text)
                .containsExactly("<Tom>", "café & bar");
    }

    @Test
    void hostileOrUnwritableFragmentsAreRefused() {
        Map<String, String> refused = Map.ofEntries(
                Map.entry("<a>", "not well-formed"),
                Map.entry("<a/><b>", "not well-formed"),
                Map.entry("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "not well-formed"),
                Map.entry("<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><a>&lol2;</a>",
                        "not well-formed"),
                Map.entry("<a>&xxe;</a>", "not well-formed"),
                Map.entry("<a/></operation><operation><b/>", "not well-formed"),
                Map.entry("<?xml version=\"1.0\"?><a/>", "not well-formed"),
                Map.entry("<x:a xmlns:x=\"urn:x\"/>", "no namespaces"),
                Map.entry("<a xmlns=\"urn:x\"/>", "no namespaces"),
                Map.entry("<a xsi:type=\"t\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"/>",
                        "no namespaces"),
                Map.entry("<?php echo 1 ?><a/>", "no processing instructions"),
                Map.entry("just text", "no text outside"),
                Map.entry("<a/>text", "no text outside"),
                Map.entry("<!-- only a comment -->", "at least one element"),
                Map.entry("<a>t<b/></a>", "mixes text and elements"),
                Map.entry("<a n=\"line&#10;break\"/>", "attribute values"),
                Map.entry("<a>carriage&#13;return</a>", "control characters"),
                Map.entry("<a>&#1;</a>", "not well-formed"),
                Map.entry("<e>".repeat(AuerswaldOperations.MAX_DEPTH + 1)
                        + "</e>".repeat(AuerswaldOperations.MAX_DEPTH + 1), "nested deeper than 32"));
        refused.forEach((xml, reason) -> assertThatThrownBy(() -> AuerswaldOperations.fragment(xml, FIELD)).as(xml)
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().detail()).contains(reason)));
        AuerswaldOperations.fragment("<e>".repeat(AuerswaldOperations.MAX_DEPTH)
                + "</e>".repeat(AuerswaldOperations.MAX_DEPTH), FIELD);
    }

    @Test
    void operationsAreStoredAsGivenAndContentWithoutThemReadsAsNone() {
        ProfileContent content = ContentCodec.fromJson("{\"dialect\":\"auerswald\",\"parameters\":[]}");
        assertThat(content.operations()).isEmpty();
        ProfileContent withOperations = new ProfileContent(Dialect.AUERSWALD, List.of(), List.of(), null, Map.of(),
                List.of(), List.of(), List.of(new ProfileContent.Operation("delete", "/a", null),
                new ProfileContent.Operation("add", "/a/", "<b>&amp;</b>")));
        String json = ContentCodec.toJson(withOperations);
        assertThat(json).contains("{\"op\":\"delete\",\"path\":\"/a\"}");
        assertThat(ContentCodec.fromJson(json)).isEqualTo(withOperations);
    }

    @Test
    void deleteCarriesNoXmlAndReplaceAndAddCarrySome() {
        assertThat(AuerswaldOperations.check(List.of(
                new ProfileRequest.OperationRequest("delete", "/templates/template[@name='Test']", null),
                new ProfileRequest.OperationRequest("add", "/phone", "<language>de</language>")))).containsExactly(
                new ProfileContent.Operation("delete", "/templates/template[@name='Test']", null),
                new ProfileContent.Operation("add", "/phone", "<language>de</language>"));
        assertThatThrownBy(() -> AuerswaldOperations.check(List.of(
                new ProfileRequest.OperationRequest("delete", "/a", "<b/>"))))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().errors().get(0).field()).isEqualTo("operations[0].xml"));
        for (String op : new String[]{"replace", "add"}) {
            for (String xml : new String[]{null, " "}) {
                assertThatThrownBy(() -> AuerswaldOperations.check(List.of(
                        new ProfileRequest.OperationRequest("delete", "/a", null),
                        new ProfileRequest.OperationRequest(op, "/a", xml))))
                        .isInstanceOfSatisfying(ProblemException.class,
                                e -> assertThat(e.problem().errors().get(0).field()).isEqualTo("operations[1].xml"));
            }
        }
    }
}
