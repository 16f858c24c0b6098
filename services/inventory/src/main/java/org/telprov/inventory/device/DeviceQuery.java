package org.telprov.inventory.device;

import io.quarkus.panache.common.Parameters;
import org.telprov.support.problem.Inputs;
import org.telprov.support.problem.ProblemException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The filters, sort and page of a device listing, validated. The sort always ends with the MAC, so pages are stable
 * however many devices share a sort value.
 */
public record DeviceQuery(String macPrefix, String model, String label, Instant lastSeenBefore, Instant lastSeenAfter,
                          Boolean neverSeen, String sort, boolean descending, int page, int size) {

    private static final Pattern MAC_PREFIX = Pattern.compile("[0-9a-f]{1,12}");
    private static final Map<String, String> SORTS = Map.of(
            "mac", "mac", "createdAt", "createdAt", "updatedAt", "updatedAt", "lastSeen", "lastSeen", "model", "model");

    /**
     * Builds a query from request parameters; nulls take the defaults (sort by MAC, page 0 of 50). {@code neverSeen}
     * is {@code true} (only devices that never checked in), {@code false} (only those that did) or absent.
     */
    public static DeviceQuery of(String macPrefix, String model, String label, String lastSeenBefore,
                                 String lastSeenAfter, String neverSeen, String sort, String order, Integer page,
                                 Integer size) {
        String prefix = macPrefix == null ? null : macPrefix.replace(":", "").replace("-", "").toLowerCase(Locale.ROOT);
        if (prefix != null && !MAC_PREFIX.matcher(prefix).matches()) {
            throw ProblemException.badRequest("invalid_parameter", "macPrefix must be up to 12 hex digits", "macPrefix");
        }
        String sortField = sort == null ? "mac" : sort;
        if (!SORTS.containsKey(sortField)) {
            throw ProblemException.badRequest("invalid_parameter", "sort must be one of " + SORTS.keySet(), "sort");
        }
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ProblemException.badRequest("invalid_parameter", "order must be asc or desc", "order");
        }
        if (neverSeen != null && !neverSeen.equals("true") && !neverSeen.equals("false")) {
            throw ProblemException.badRequest("invalid_parameter", "neverSeen must be true or false", "neverSeen");
        }
        Boolean never = neverSeen == null ? null : Boolean.valueOf(neverSeen);
        // a device never seen has no last contact to compare: both at once would always list nothing
        if (Boolean.TRUE.equals(never) && (lastSeenBefore != null || lastSeenAfter != null)) {
            throw ProblemException.badRequest("invalid_parameter",
                    "neverSeen=true cannot be combined with lastSeenBefore or lastSeenAfter", "neverSeen");
        }
        int pageNumber = Inputs.page(page);
        int pageSize = Inputs.size(size);
        return new DeviceQuery(prefix, model, label, instant(lastSeenBefore, "lastSeenBefore"),
                instant(lastSeenAfter, "lastSeenAfter"), never, sortField, "desc".equals(order), pageNumber, pageSize);
    }

    String where(Optional<String> scope, Parameters parameters) {
        StringBuilder where = new StringBuilder("releasedAt is null");
        scope.ifPresent(tenant -> {
            where.append(" and tenantId = :tenant");
            parameters.and("tenant", tenant);
        });
        if (macPrefix != null) {
            where.append(" and mac like :prefix");
            parameters.and("prefix", macPrefix + "%");
        }
        if (model != null) {
            where.append(" and model = :model");
            parameters.and("model", model);
        }
        if (label != null) {
            where.append(" and array_contains(labels, :label)");
            parameters.and("label", label);
        }
        if (lastSeenBefore != null) {
            where.append(" and lastSeen < :before");
            parameters.and("before", lastSeenBefore);
        }
        if (lastSeenAfter != null) {
            where.append(" and lastSeen >= :after");
            parameters.and("after", lastSeenAfter);
        }
        if (neverSeen != null) {
            where.append(neverSeen ? " and lastSeen is null" : " and lastSeen is not null");
        }
        return where.toString();
    }

    String orderBy() {
        String direction = descending ? " desc" : " asc";
        String field = SORTS.get(sort);
        return field.equals("mac") ? "mac" + direction : field + direction + " nulls last, mac" + direction;
    }

    private static Instant instant(String text, String field) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid_parameter", field + " must be an ISO-8601 instant, e.g. "
                    + "2026-11-23T10:15:30Z", field);
        }
    }
}
