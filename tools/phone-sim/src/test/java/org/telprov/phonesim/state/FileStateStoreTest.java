package org.telprov.phonesim.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.telprov.phonesim.Mac;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FileStateStoreTest {

    @TempDir
    Path dir;

    @Test
    void whatAPhoneStoredIsWhatItLoadsNextTime() throws Exception {
        FileStateStore store = new FileStateStore(dir.resolve("phones"));
        Mac mac = Mac.parse("7c2f80c0ffee");
        PhoneState state = new PhoneState();
        state.put("uvc.nvm", "2026-03-01_10:00:00");
        state.param("SIP.Account.0.DisplayName", " Zoë = #1: \"front desk\"\nline two\\ ");
        state.param("key with spaces=and:colons", "");

        store.save(mac, state);

        assertThat(store.load(mac).values()).isEqualTo(state.values());
        assertThat(store.load(Mac.parse("7c2f80c0ffef")).values()).isEmpty();
        assertThat(Files.readString(dir.resolve("phones/7c2f80c0ffee.properties")))
                .contains("uvc.nvm=2026-03-01_10\\:00\\:00");
        assertThat(state.params()).isEqualTo(Map.of("SIP.Account.0.DisplayName",
                " Zoë = #1: \"front desk\"\nline two\\ ", "key with spaces=and:colons", ""));
    }
}
