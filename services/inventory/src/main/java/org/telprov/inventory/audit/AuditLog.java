package org.telprov.inventory.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.telprov.partner.Page;
import org.telprov.support.bulk.CopyIn;
import org.telprov.support.bulk.EntityIds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records device changes in the transaction that makes them, and reads them back scoped by tenant. */
@ApplicationScoped
public class AuditLog {

    public static final String CLAIM = "claim";
    public static final String UPDATE = "update";
    public static final String MOVE = "move";
    public static final String RELEASE = "release";

    private record Row(long id, Change change) {
    }

    private final ObjectMapper json;
    private final EntityManager entityManager;
    // A chunk of entries goes in with one COPY; the states are written as JSON while it streams.
    private final List<CopyIn.Column<Row>> rowColumns;

    public AuditLog(ObjectMapper json, EntityManager entityManager) {
        this.json = json;
        this.entityManager = entityManager;
        this.rowColumns = List.of(
                new CopyIn.Column<>("id", Row::id),
                new CopyIn.Column<>("tenant_id", row -> row.change().tenantId()),
                new CopyIn.Column<>("mac", row -> row.change().mac()),
                new CopyIn.Column<>("action", row -> row.change().action()),
                new CopyIn.Column<>("actor", row -> row.change().actor()),
                new CopyIn.Column<>("at", row -> row.change().at()),
                new CopyIn.Column<>("before", row -> write(row.change().before())),
                new CopyIn.Column<>("after", row -> write(row.change().after())));
    }

    /** An entry as the API shows it. */
    public record View(long id, String tenantId, String mac, String action, String actor, Instant at, JsonNode before,
                       JsonNode after) {
    }

    /** A change to record; {@code before} and {@code after} are the states as the API shows them, null for none. */
    public record Change(String tenantId, String mac, String action, String actor, Object before, Object after,
                         Instant at) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Change change) {
        AuditEntry entry = new AuditEntry();
        entry.tenantId = change.tenantId();
        entry.mac = change.mac();
        entry.action = change.action();
        entry.actor = change.actor();
        entry.at = change.at();
        entry.before = write(change.before());
        entry.after = write(change.after());
        entry.persist();
    }

    /**
     * Records the changes of a bulk import's chunk in one statement, with ids from the entity's own generator
     * ({@link EntityIds}), so a single change recorded after the import is still listed above the import's entries.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAll(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        long[] ids = EntityIds.next(entityManager, AuditEntry.class, changes.size());
        List<Row> rows = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            rows.add(new Row(ids[i], changes.get(i)));
        }
        entityManager.unwrap(Session.class).doWork(connection ->
                CopyIn.into(connection, "audit_entry", rows, rowColumns));
    }

    /** Newest first; {@code tenant} empty for the operator's view of every tenant. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<View> list(Optional<String> tenant, Optional<String> mac, int page, int size) {
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
        PanacheQuery<AuditEntry> found = AuditEntry.find(query.toString(), Sort.descending("id"), parameters);
        List<View> items = found.page(page, size).stream().map(this::view).toList();
        return new Page<>(items, page, size, found.count());
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
