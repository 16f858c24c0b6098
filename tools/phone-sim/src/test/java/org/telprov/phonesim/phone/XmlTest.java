package org.telprov.phonesim.phone;

import org.junit.jupiter.api.Test;

import javax.xml.stream.XMLStreamException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XmlTest {

    @Test
    void aFileThatIsNotWellFormedDoesNotSpoilTheNextParseOnTheSameThread() throws Exception {
        XmlElement first = Xml.parse(bytes("<nvm macAddress=\"7c:2f:80:c0:ff:ee\"><file version=\"1\"/></nvm>"));
        assertThatThrownBy(() -> Xml.parse(bytes("<settings><param name=\"a\"></settings>")))
                .isInstanceOf(XMLStreamException.class);
        XmlElement next = Xml.parse(bytes("<settings><param name=\"b\" value=\"2\"/>text</settings>"));

        assertThat(first.attr("macAddress")).contains("7c:2f:80:c0:ff:ee");
        assertThat(next.name()).isEqualTo("settings");
        assertThat(next.children("param")).singleElement().satisfies(p -> assertThat(p.attr("value")).contains("2"));
        assertThat(next.text()).isEqualTo("text");
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
