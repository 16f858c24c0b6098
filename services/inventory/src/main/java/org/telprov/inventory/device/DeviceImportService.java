package org.telprov.inventory.device;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jboss.logging.Logger;
import org.telprov.events.MacAddress;
import org.telprov.events.Topics;
import org.telprov.inventory.audit.AuditLog;
import org.telprov.support.outbox.Outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Imports up to {@link ImportFiles#MAX_ROWS} devices for one tenant in one transaction: each row is validated and
 * claimed, updated or left unchanged exactly as a PUT of it would be, but in chunks, each written with a few statements
 * (claims, audit entries, events in the outbox's bulk lane), so 100,000 rows take seconds.
 */
@ApplicationScoped
public class DeviceImportService {

    private static final Logger LOG = Logger.getLogger(DeviceImportService.class);
    private static final int CHUNK = 1_000;

    private final DeviceService devices;
    private final AuditLog audit;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final Validator validator;

    public DeviceImportService(DeviceService devices, AuditLog audit, Outbox outbox, EntityManager entityManager,
                               Validator validator) {
        this.devices = devices;
        this.audit = audit;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.validator = validator;
    }

    @Transactional
    @TransactionConfiguration(timeout = 600)
    public ImportReport importRows(String tenantId, String actor, List<ImportRow> rows) {
        DeviceService.requireActive(tenantId);
        Phases phases = new Phases();
        List<ImportReport.Rejection> rejected = new ArrayList<>();
        List<Valid> valid = phases.time(Phase.VALIDATION, () -> validate(rows, rejected));
        int claimed = 0;
        int updated = 0;
        int unchanged = 0;
        for (int from = 0; from < valid.size(); from += CHUNK) {
            List<Valid> chunk = valid.subList(from, Math.min(from + CHUNK, valid.size()));
            Map<String, Device> existing = phases.time(Phase.ROW_LOCKS, () -> lockExisting(chunk));
            List<Valid> toClaim = new ArrayList<>();
            List<DeviceService.Claim> claims = new ArrayList<>();
            List<DeviceService.Change> changes = new ArrayList<>(chunk.size());
            for (Valid row : chunk) {
                Device device = existing.get(row.mac().toString());
                if (device == null || device.released()) {
                    toClaim.add(row);
                    claims.add(new DeviceService.Claim(row.mac(), row.request(), device));
                } else if (!device.tenantId.equals(tenantId)) {
                    rejected.add(ownedByOther(row));
                } else if (device.sameAs(row.request())) {
                    unchanged++;
                } else {
                    changes.add(devices.replaced(device, actor, row.request()));
                    updated++;
                }
            }
            Instant now = Instant.now();
            Set<String> written = claims.isEmpty() ? Set.of()
                    : phases.time(Phase.CLAIMS, () -> devices.writeClaims(tenantId, claims, now));
            for (int i = 0; i < claims.size(); i++) {
                if (written.contains(claims.get(i).mac().toString())) {
                    changes.add(devices.claimed(tenantId, actor, claims.get(i), now));
                    claimed++;
                } else {
                    rejected.add(ownedByOther(toClaim.get(i)));
                }
            }
            // the audit entries with COPY, the events in the outbox's bulk lane, so the import's backlog never delays
            // the events of single API calls
            phases.time(Phase.AUDIT, () -> audit.recordAll(changes.stream().map(DeviceService.Change::audit).toList()));
            phases.time(Phase.EVENTS, () -> outbox.publishBulk(Topics.INVENTORY_DEVICES_BULK,
                    changes.stream().map(DeviceService.Change::event).toList()));
            // keeps the persistence context (and the heap) small however long the file is
            phases.time(Phase.UPDATES, () -> {
                entityManager.flush();
                entityManager.clear();
            });
        }
        rejected.sort(Comparator.comparingInt(ImportReport.Rejection::row));
        ImportReport report = new ImportReport(rows.size(), claimed, updated, unchanged, rejected);
        LOG.infof("import of %d rows for tenant %s: %d claimed, %d updated, %d unchanged, %d rejected; %s (before the "
                        + "commit)", report.rows(), tenantId, claimed, updated, unchanged, rejected.size(), phases);
        return report;
    }

    /** The import's steps whose time the log line reports, so a slow import says where its time went. */
    private enum Phase {
        VALIDATION("validation"), ROW_LOCKS("row locks"), CLAIMS("claims"), AUDIT("audit entries"),
        EVENTS("events"), UPDATES("updates");

        private final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    private static final class Phases {
        private final long started = System.nanoTime();
        private final long[] nanos = new long[Phase.values().length];

        <T> T time(Phase phase, Supplier<T> step) {
            long start = System.nanoTime();
            try {
                return step.get();
            } finally {
                nanos[phase.ordinal()] += System.nanoTime() - start;
            }
        }

        void time(Phase phase, Runnable step) {
            time(phase, () -> {
                step.run();
                return null;
            });
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder().append(millis(System.nanoTime() - started)).append(" ms in all");
            for (Phase phase : Phase.values()) {
                text.append(", ").append(phase.label).append(' ').append(millis(nanos[phase.ordinal()])).append(" ms");
            }
            return text.toString();
        }

        private static long millis(long nanos) {
            return nanos / 1_000_000;
        }
    }

    private record Valid(int row, MacAddress mac, DeviceRequest request) {
    }

    private List<Valid> validate(List<ImportRow> rows, List<ImportReport.Rejection> rejected) {
        List<Valid> valid = new ArrayList<>(rows.size());
        Set<MacAddress> seen = new HashSet<>();
        for (ImportRow row : rows) {
            DeviceRequest request = row.request();
            String mac = request == null ? null : request.mac();
            if (row.unreadable() != null) {
                rejected.add(new ImportReport.Rejection(row.row(), null, "malformed_row", row.unreadable()));
            } else if (!MacAddress.isValid(mac)) {
                rejected.add(new ImportReport.Rejection(row.row(), mac, "invalid_mac",
                        "mac: expected 12 hex digits, optionally in pairs separated by ':' or '-'"));
            } else {
                Set<ConstraintViolation<DeviceRequest>> violations = validator.validate(request);
                MacAddress parsed = MacAddress.parse(mac);
                if (!violations.isEmpty()) {
                    rejected.add(new ImportReport.Rejection(row.row(), mac, "validation_failed", violations.stream()
                            .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted()
                            .collect(Collectors.joining("; "))));
                } else if (!seen.add(parsed)) {
                    rejected.add(new ImportReport.Rejection(row.row(), mac, "duplicate_mac",
                            "the MAC appears on an earlier row of this file"));
                } else {
                    valid.add(new Valid(row.row(), parsed, request));
                }
            }
        }
        return valid;
    }

    // One array parameter rather than an IN list of a thousand: a short statement, planned the same for every chunk.
    @SuppressWarnings("unchecked")
    private Map<String, Device> lockExisting(List<Valid> chunk) {
        String[] macs = chunk.stream().map(row -> row.mac().toString()).toArray(String[]::new);
        List<Device> rows = entityManager.createNativeQuery(
                        "select * from device where mac = any(cast(:macs as char(12)[])) for update", Device.class)
                .setParameter("macs", macs)
                .getResultList();
        Map<String, Device> existing = new HashMap<>();
        rows.forEach(device -> existing.put(device.mac, device));
        return existing;
    }

    private static ImportReport.Rejection ownedByOther(Valid row) {
        return new ImportReport.Rejection(row.row(), row.request().mac(), "owned_by_other_tenant",
                "the device belongs to another tenant");
    }
}
