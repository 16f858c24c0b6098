package org.telprov.inventory.device;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.jboss.logging.Logger;
import org.telprov.events.MacAddress;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Imports up to {@link ImportFiles#MAX_ROWS} devices for one tenant in one transaction: each row is validated and
 * claimed, updated or left unchanged exactly as a PUT of it would be, but in chunks, each written with a few statements
 * (claims, audit entries, events in the outbox's bulk lane), so 100,000 rows take seconds. Each chunk is validated
 * ahead, while the one before it is written; one log line per import says where its time went.
 */
@ApplicationScoped
public class DeviceImportService {

    private static final Logger LOG = Logger.getLogger(DeviceImportService.class);
    private static final int CHUNK = 1_000;

    private final DeviceChanges devices;
    private final AuditLog audit;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final Validator validator;

    public DeviceImportService(DeviceChanges devices, AuditLog audit, Outbox outbox, EntityManager entityManager,
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
        DeviceChanges.requireActive(tenantId);
        Tally tally = new Tally();
        try (Validation validation = new Validation(rows)) {
            while (validation.hasNext()) {
                List<Valid> chunk = tally.phases.time(Phase.VALIDATION, () -> validation.next(tally.rejected));
                write(tenantId, actor, chunk, tally);
            }
        }
        tally.rejected.sort(Comparator.comparingInt(ImportReport.Rejection::row));
        ImportReport report = new ImportReport(rows.size(), tally.claimed, tally.updated, tally.unchanged,
                tally.rejected);
        LOG.infof("import of %d rows for tenant %s: %d claimed, %d updated, %d unchanged, %d rejected; %s (before the "
                        + "commit)", report.rows(), tenantId, report.claimed(), report.updated(), report.unchanged(),
                report.rejected().size(), tally.phases);
        return report;
    }

    /** What an import has done so far, and where its time went. */
    private static final class Tally {
        final Phases phases = new Phases();
        final List<ImportReport.Rejection> rejected = new ArrayList<>();
        int claimed;
        int updated;
        int unchanged;
    }

    /** Claims, updates or leaves each valid row of one chunk, with a few statements for the whole chunk. */
    private void write(String tenantId, String actor, List<Valid> chunk, Tally tally) {
        Phases phases = tally.phases;
        Map<String, Device> existing = phases.time(Phase.ROW_LOCKS, () -> lockExisting(chunk));
        List<Valid> toClaim = new ArrayList<>();
        List<DeviceChanges.Claim> claims = new ArrayList<>();
        List<DeviceChanges.Change> changes = new ArrayList<>(chunk.size());
        for (Valid row : chunk) {
            Device device = existing.get(row.mac().toString());
            if (device == null || device.released()) {
                toClaim.add(row);
                claims.add(new DeviceChanges.Claim(row.mac(), row.request(), device));
            } else if (!device.tenantId.equals(tenantId)) {
                tally.rejected.add(ownedByOther(row));
            } else if (device.sameAs(row.request())) {
                tally.unchanged++;
            } else {
                changes.add(devices.replaced(device, actor, row.request()));
                tally.updated++;
            }
        }
        Instant now = Instant.now();
        Set<String> written = claims.isEmpty() ? Set.of()
                : phases.time(Phase.CLAIMS, () -> devices.writeClaims(tenantId, claims, now));
        for (int i = 0; i < claims.size(); i++) {
            if (written.contains(claims.get(i).mac().toString())) {
                changes.add(devices.claimed(tenantId, actor, claims.get(i), now));
                tally.claimed++;
            } else {
                tally.rejected.add(ownedByOther(toClaim.get(i)));
            }
        }
        // the audit entries with COPY, the events in the outbox's bulk lane, so the import's backlog never delays the
        // events of single API calls
        phases.time(Phase.AUDIT, () -> audit.recordAll(changes.stream().map(DeviceChanges.Change::audit).toList()));
        phases.time(Phase.EVENTS, () -> outbox.publishBulk(changes.stream().map(DeviceChanges.Change::event).toList()));
        // keeps the persistence context (and the heap) small however long the file is
        phases.time(Phase.UPDATES, () -> {
            entityManager.flush();
            entityManager.clear();
        });
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

    /** The time each phase took, summed over the chunks, and the import's time so far. */
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

    /** A row checked on its own: valid, or its rejection. */
    private record Checked(Valid valid, ImportReport.Rejection rejection) {
    }

    /**
     * Checks the file chunk by chunk, each chunk's rows on a thread of its own while the import writes the chunk before:
     * the database works on one core, Hibernate Validator (about a tenth of a large import) on the other. A MAC seen on
     * an earlier row is told apart here, in file order.
     */
    private final class Validation implements AutoCloseable {
        private final List<ImportRow> rows;
        private final Set<MacAddress> seen = new HashSet<>();
        private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
            Thread checker = new Thread(task, "device-import-validation");
            checker.setDaemon(true);
            checker.setContextClassLoader(DeviceImportService.class.getClassLoader());
            return checker;
        });
        private int from;
        private Future<List<Checked>> ahead;

        Validation(List<ImportRow> rows) {
            this.rows = rows;
            this.ahead = checkAhead();
        }

        boolean hasNext() {
            return ahead != null;
        }

        /** The next chunk's valid rows; its rejected ones are added to {@code rejected}. */
        List<Valid> next(List<ImportReport.Rejection> rejected) {
            List<Checked> chunk;
            try {
                chunk = ahead.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while validating an import", e);
            }
            ahead = checkAhead();
            List<Valid> valid = new ArrayList<>(chunk.size());
            for (Checked row : chunk) {
                if (row.rejection() != null) {
                    rejected.add(row.rejection());
                } else if (!seen.add(row.valid().mac())) {
                    rejected.add(new ImportReport.Rejection(row.valid().row(), row.valid().request().mac(),
                            "duplicate_mac", "the MAC appears on an earlier row of this file"));
                } else {
                    valid.add(row.valid());
                }
            }
            return valid;
        }

        private Future<List<Checked>> checkAhead() {
            if (from >= rows.size()) {
                return null;
            }
            List<ImportRow> chunk = rows.subList(from, Math.min(from + CHUNK, rows.size()));
            from += chunk.size();
            return thread.submit(() -> chunk.stream().map(DeviceImportService.this::check).toList());
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    private Checked check(ImportRow row) {
        DeviceRequest request = row.request();
        String mac = request == null ? null : request.mac();
        if (row.unreadable() != null) {
            return rejection(new ImportReport.Rejection(row.row(), null, "malformed_row", row.unreadable()));
        }
        if (!MacAddress.isValid(mac)) {
            return rejection(new ImportReport.Rejection(row.row(), mac, "invalid_mac",
                    "mac: expected 12 hex digits, optionally in pairs separated by ':' or '-'"));
        }
        Set<ConstraintViolation<DeviceRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            return rejection(new ImportReport.Rejection(row.row(), mac, "validation_failed", violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted()
                    .collect(Collectors.joining("; "))));
        }
        return new Checked(new Valid(row.row(), MacAddress.parse(mac), request), null);
    }

    private static Checked rejection(ImportReport.Rejection rejection) {
        return new Checked(null, rejection);
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
