package org.telprov.firmware;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.ServiceBasicsTest;
import org.telprov.testing.TestTokens;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class FirmwareBasicsTest extends ServiceBasicsTest {

    /** Uploads may be gigabytes; JSON API bodies may not, whatever the upload limit. */
    @Test
    void aJsonBodyFarBelowTheUploadLimitIsStillLimited() throws IOException {
        String answer = raw("PUT /api/v1/firmware/products/gigaset/mx3b/channels/stable HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{");
        assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"body_too_large\"")
                .contains("at most 1048576 bytes of JSON");
    }
}
