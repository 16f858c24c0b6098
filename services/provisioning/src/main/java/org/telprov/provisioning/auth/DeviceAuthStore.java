package org.telprov.provisioning.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Reads and writes the tenants' device-authentication settings in the {@code device_auth} table. */
@ApplicationScoped
public class DeviceAuthStore {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    private final EntityManager entityManager;

    public DeviceAuthStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DeviceAuthSettings> find(String tenantId) {
        return DeviceAuth.<DeviceAuth>findByIdOptional(tenantId).map(row ->
                settings(row.mode, row.publicFiles, row.algorithms, row.tftpDialects));
    }

    /** A setting from its stored columns. */
    static DeviceAuthSettings settings(String mode, String publicFiles, String algorithms, String tftpDialects) {
        return new DeviceAuthSettings(mode, names(publicFiles), names(algorithms), names(tftpDialects));
    }

    /**
     * Stores the (validated) setting as the tenant's, whether or not it had one, with a new version: every replica
     * polls the versions ({@link DeviceAuthService}).
     */
    @Transactional
    public void save(String tenantId, DeviceAuthSettings settings, String actor) {
        entityManager.createNativeQuery("""
                        insert into device_auth (tenant_id, mode, public_files, algorithms, updated_at, updated_by,
                          tftp_dialects)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        on conflict (tenant_id) do update set mode = excluded.mode,
                          public_files = excluded.public_files, algorithms = excluded.algorithms,
                          tftp_dialects = excluded.tftp_dialects,
                          updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                          version = nextval('routing_version')""")
                .setParameter(1, tenantId)
                .setParameter(2, settings.mode())
                .setParameter(3, json(settings.publicFiles()))
                .setParameter(4, json(settings.algorithms()))
                .setParameter(5, Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setParameter(6, actor == null ? "unknown" : actor)
                .setParameter(7, json(settings.tftpDialects()))
                .executeUpdate();
    }

    private static String json(List<String> names) {
        try {
            return MAPPER.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    private static List<String> names(String json) {
        try {
            return List.copyOf(MAPPER.readValue(json, NAMES));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored device-auth setting is unreadable", e);
        }
    }
}
