package org.telprov.inventory.checkin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.inventory.InventoryConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one tenant's devices run and fetched, from the last check-in each device reported: how many run each firmware
 * version, and per profile how many last fetched each release (UVC). Aggregated in SQL and capped (the rest counted,
 * not listed), so the answer is small however large the fleet is.
 */
@ApplicationScoped
public class FleetSummaries {

    /** A tenant's fleet: its registered devices, their firmware versions, and each profile's release adoption. */
    public record Fleet(String tenantId, long devices, Versions firmware, Adoption adoption) {
    }

    /**
     * Firmware versions by model, the most common first; {@code version} {@code null} for devices that reported none.
     *
     * @param more how many (model, version) pairs are not listed
     */
    public record Versions(List<Version> items, long more) {
    }

    public record Version(String model, String version, long devices) {
    }

    /** Profiles by name; {@code more} is how many are not listed. Devices without a profile are not in it. */
    public record Adoption(List<ProfileAdoption> items, long more) {
    }

    /**
     * One profile's devices by the release they last fetched, the most fetched first; {@code uvc} {@code null} for its
     * devices that fetched none yet.
     *
     * @param moreReleases how many UVCs are not listed
     */
    public record ProfileAdoption(String profile, long devices, List<Release> releases, long moreReleases) {
    }

    public record Release(String uvc, long devices) {
    }

    private final EntityManager entityManager;
    private final InventoryConfig config;

    public FleetSummaries(EntityManager entityManager, InventoryConfig config) {
        this.entityManager = entityManager;
        this.config = config;
    }

    /** Two scans of the tenant's devices, one per chart; the totals come with the rows, not from queries of their own. */
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public Fleet of(String tenant) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select model, last_firmware, count(*) as devices, count(*) over () as pairs,
                               sum(count(*)) over () as fleet
                        from device where tenant_id = ?1 and released_at is null
                        group by model, last_firmware
                        order by devices desc, model, last_firmware nulls last
                        limit ?2""")
                .setParameter(1, tenant).setParameter(2, config.fleet().versions()).getResultList();
        List<Version> items = rows.stream()
                .map(row -> new Version((String) row[0], (String) row[1], number(row[2]))).toList();
        long pairs = rows.isEmpty() ? 0 : number(rows.get(0)[3]);
        long devices = rows.isEmpty() ? 0 : number(rows.get(0)[4]);
        return new Fleet(tenant, devices, new Versions(items, pairs - items.size()), adoption(tenant));
    }

    @SuppressWarnings("unchecked")
    private Adoption adoption(String tenant) {
        // the window functions rank within the grouped rows: per profile its UVCs by devices, and the profiles by name;
        // the CTE is read twice (the rows, and how many profiles there are) but computed once
        List<Object[]> rows = entityManager.createNativeQuery("""
                        with ranked as (
                          select profile, last_uvc, count(*) as devices,
                                 row_number() over (partition by profile order by count(*) desc, last_uvc nulls last)
                                     as rank,
                                 count(*) over (partition by profile) as uvcs,
                                 sum(count(*)) over (partition by profile) as profile_devices,
                                 dense_rank() over (order by profile) as profile_rank
                          from device where tenant_id = ?1 and released_at is null and profile is not null
                          group by profile, last_uvc)
                        select profile, last_uvc, devices, uvcs, profile_devices,
                               (select max(profile_rank) from ranked) as profiles
                        from ranked
                        where rank <= ?2 and profile_rank <= ?3
                        order by profile, devices desc, last_uvc nulls last""")
                .setParameter(1, tenant).setParameter(2, config.fleet().releasesPerProfile())
                .setParameter(3, config.fleet().profiles()).getResultList();
        Map<String, List<Release>> releases = new LinkedHashMap<>();
        Map<String, long[]> totals = new LinkedHashMap<>();
        for (Object[] row : rows) {
            String profile = (String) row[0];
            releases.computeIfAbsent(profile, p -> new ArrayList<>()).add(new Release((String) row[1], number(row[2])));
            totals.putIfAbsent(profile, new long[] {number(row[3]), number(row[4])});
        }
        List<ProfileAdoption> items = releases.entrySet().stream().map(entry -> {
            long[] total = totals.get(entry.getKey());
            return new ProfileAdoption(entry.getKey(), total[1], List.copyOf(entry.getValue()),
                    total[0] - entry.getValue().size());
        }).toList();
        long profiles = rows.isEmpty() ? 0 : number(rows.get(0)[5]);
        return new Adoption(items, profiles - items.size());
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
