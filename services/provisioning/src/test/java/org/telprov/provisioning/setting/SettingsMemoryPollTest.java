package org.telprov.provisioning.setting;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.telprov.testing.KafkaResource;
import org.telprov.testing.PostgresResource;
import org.telprov.testing.TestTokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The incremental poll of the settings memory never misses a transaction that commits after a poll began. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class SettingsMemoryPollTest {

    private static final String TENANT = "poll-acme";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SettingsMemory memory;

    @Test
    void aWriteThatCommitsAfterLaterWritesWereSeenIsSeenByTheNextPoll() throws SQLException {
        long early = 0x7e5710000001L;
        long late = 0x7e5710000002L;
        memory.refresh();
        try (Connection slow = dataSource.getConnection()) {
            slow.setAutoCommit(false);
            write(slow, early, "slow");
            memory.refresh();
            assertThat(memory.device(TENANT, early)).isNull();

            try (Connection quick = dataSource.getConnection()) {
                write(quick, late, "quick");
            }
            memory.refresh();
            assertThat(memory.device(TENANT, late).get("sip_user").value()).isEqualTo("quick");
            assertThat(memory.device(TENANT, early)).isNull();

            slow.commit();
        }
        memory.refresh();
        assertThat(memory.device(TENANT, early).get("sip_user").value()).isEqualTo("slow");
        assertThat(memory.device("poll-other", early)).as("another tenant's view").isNull();
    }

    @Test
    void anEmptiedLayerReplacesTheOneHeld() throws SQLException {
        long mac = 0x7e5710000003L;
        try (Connection connection = dataSource.getConnection()) {
            write(connection, mac, "first");
            memory.refresh();
            try (PreparedStatement emptied = connection.prepareStatement("update device_settings set settings = '[]', "
                    + "changed_at = changed_at + interval '1 second', txid = pg_current_xact_id() where mac = ?")) {
                emptied.setString(1, Long.toHexString(mac));
                emptied.executeUpdate();
            }
        }
        memory.refresh();
        assertThat(memory.device(TENANT, mac).isEmpty()).isTrue();
        assertThat(memory.device(TENANT, mac).get("sip_user")).isNull();
    }

    private static void write(Connection connection, long mac, String user) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into device_settings (mac, tenant_id, "
                + "settings, changed_at) values (?, ?, cast(? as jsonb), now())")) {
            insert.setString(1, Long.toHexString(mac));
            insert.setString(2, TENANT);
            insert.setString(3, "[{\"name\":\"sip_user\",\"value\":\"" + user + "\",\"secret\":false}]");
            insert.executeUpdate();
        }
    }
}
