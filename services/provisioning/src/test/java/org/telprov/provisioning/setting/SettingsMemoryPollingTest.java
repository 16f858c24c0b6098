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

/** The settings memory polls by transaction id: a write that commits late is still read by a later poll. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(TestTokens.class)
class SettingsMemoryPollingTest {

    // This class's devices: 5e7720xxxxxx.
    @Inject
    SettingsMemory memory;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aWriteCommittedAfterAPollIsSeenByTheNextPoll() throws SQLException {
        try (Connection early = dataSource.getConnection(); Connection late = dataSource.getConnection()) {
            early.setAutoCommit(false);
            late.setAutoCommit(false);
            // the early transaction writes first (the lower txid) and commits last
            write(early, "5e7720000001", "early");
            write(late, "5e7720000002", "late");
            late.commit();

            memory.refresh();
            assertThat(memory.device("setpoll-acme", 0x5e7720000002L).get("who").value()).isEqualTo("late");
            assertThat(memory.device("setpoll-acme", 0x5e7720000001L)).isNull();

            early.commit();
            memory.refresh();
            assertThat(memory.device("setpoll-acme", 0x5e7720000001L).get("who").value()).isEqualTo("early");
        }
    }

    private static void write(Connection connection, String mac, String who) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into device_settings (mac, tenant_id, settings, changed_at, txid)
                values (?, 'setpoll-acme', cast(? as jsonb), date_trunc('second', now()), pg_current_xact_id())""")) {
            insert.setString(1, mac);
            insert.setString(2, "[{\"name\":\"who\",\"value\":\"" + who + "\",\"secret\":false}]");
            insert.executeUpdate();
        }
    }
}
