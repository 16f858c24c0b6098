package org.telprov.inventory.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Records device changes in the transaction that makes them, and reads them back scoped by tenant. */
@ApplicationScoped
public class AuditLog {

    public static final String CLAIM = "claim";
    public static final String UPDATE = "update";
    public static final String MOVE = "move";
    public static final String RELEASE = "release";

    private final ObjectMapper json;

    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    /** An entry as the API shows it. */
    public record View(long id, String tenantId, String mac, String action, String actor, Instant at, JsonNode before,
                       JsonNode after) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String tenantId, String mac, String action, String actor, Object before, Object after,
                       Instant at) {
        AuditEntry entry = new AuditEntry();
        entry.tenantId = tenantId;
        entry.mac = mac;
        entry.action = action;
        entry.actor = actor;
        entry.at = at;
        entry.before = write(before);
        entry.after = write(after);
        entry.persist();
    }

    /** Newest first; {@code tenant} empty for the operator's view of every tenant. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<View> list(Optional<String> tenant, Optional<String> mac, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        tenant.ifPresent(t -> {
            query.append(" and tenantId = :tenant");
            parameters.and("tenant", t);
        });
        mac.ifPresent(m -> {
            query.append(" and mac = :mac");
            parameters.and("mac", m);
        });
        return AuditEntry.<AuditEntry>find(query.toString(), Sort.descending("id"), parameters)
                .page(Page.of(page, size))
                .stream()
                .map(this::view)
                .toList();
    }

    private View view(AuditEntry entry) {
        return new View(entry.id, entry.tenantId, entry.mac, entry.action, entry.actor, entry.at, read(entry.before),
                read(entry.after));
    }

    private String write(Object state) {
        try {
            return state == null ? null : json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device views always serialise", e);
        }
    }

    private JsonNode read(String state) {
        try {
            return state == null ? null : json.readTree(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit entries hold the JSON this class wrote", e);
        }
    }
}
