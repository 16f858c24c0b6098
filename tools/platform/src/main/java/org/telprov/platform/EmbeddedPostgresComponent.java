package org.telprov.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL 17 from zonky's embedded binaries, with a data directory that survives restarts. */
final class EmbeddedPostgresComponent implements AutoCloseable {

    static final String DATABASE = "telprov";
    /** zonky's initdb creates this superuser with trust authentication on loopback, so any password works. */
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresComponent(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresComponent start(Path dataDir, Path logFile, int port) {
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(logFile.getParent());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Platform.close() stops PostgreSQL after the services; zonky's own hook would race it.
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new PlatformException("PostgreSQL did not start (see " + logFile + "; a PostgreSQL left over from a"
                    + " killed platform holds " + dataDir.resolve("postmaster.pid") + "): " + e.getMessage(), e);
        }
        EmbeddedPostgresComponent component = new EmbeddedPostgresComponent(postgres);
        try {
            component.createDatabaseIfMissing();
        } catch (SQLException e) {
            component.close();
            throw new PlatformException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
        return component;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // Already gone, e.g. Ctrl-C reached the postmaster too: nothing left to stop.
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet result = exists.executeQuery()) {
                if (result.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }
}
