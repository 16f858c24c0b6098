package org.telprov.provisioning.profile;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Dates a switch of devices to another release as a change of their own settings layer, in the transaction of the
 * switch, so that their version moves. A device's version is the newer of its release's UVC and its settings' stamp
 * ({@code release.DeviceReleases}); a release published before the device's settings last changed would otherwise
 * reach it under the version it already shows, and a phone that compares versions would never fetch it. The stamp
 * follows {@link TenantStamps}' rule for a device's layer (after the tenant's releases and label groups, and a second
 * after the layer's last change at least), so the new version is newer than every version the device has shown; a
 * device without a layer gets an empty one ({@code []}), dated. Every replica's {@code setting.SettingsMemory} reads it
 * with its next poll, as any settings write.
 *
 * <p>The callers hold the locks of the switch (the profile's row, a rollout's) before this takes the tenant's stamp
 * lock, as a publish does.
 */
@ApplicationScoped
public class ReleaseSwitches {

    /** What switched the devices, for the metric. */
    public enum Cause {
        PIN, UNPIN, WIDEN, ROLLOUT, MOVE;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The devices a widened audience adds on a profile: those whose bucket is below {@code toPercent} ({@code null}:
     * all of them) and that the old audience left out: it held those below {@code fromPercent}, or those labelled
     * {@code fromLabel}; with both {@code null} it held none that are counted here (a release for rollouts: every
     * device of the profile is switched, the offered ones included, which costs those one more fetch).
     */
    public record Widening(UUID profileId, Integer toPercent, Integer fromPercent, String fromLabel) {
    }

    /** A device's bucket on a profile as {@code release.ReleaseChoice} draws it, the profile id text as parameter. */
    private static final String BUCKET =
            "(cast(cast('x' || substr(md5(cast(? as text) || d.mac), 1, 8) as bit(32)) as bigint) % 100)";

    private final EntityManager entityManager;
    private final TenantStamps stamps;
    private final MeterRegistry registry;

    public ReleaseSwitches(EntityManager entityManager, TenantStamps stamps, MeterRegistry registry) {
        this.entityManager = entityManager;
        this.stamps = stamps;
        this.registry = registry;
    }

    /**
     * The tenant's devices with these MACs (not released) switched to another release.
     *
     * @return how many devices' layers were stamped
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int devices(String tenantId, Collection<String> macs, Cause cause) {
        if (macs.isEmpty()) {
            return 0;
        }
        return stamp(Set.of(tenantId), cause, """
                select d.mac, d.tenant_id from device d
                 where d.mac = any(cast(? as char(12)[])) and d.tenant_id = ? and not d.released""",
                List.of(new TreeSet<>(macs).toArray(String[]::new), tenantId));
    }

    /**
     * The devices of the tenant's profile (not released) that a widened audience adds.
     *
     * @return how many devices' layers were stamped
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int widened(String tenantId, String profile, Widening widening, Cause cause) {
        String profileId = widening.profileId().toString();
        return stamp(Set.of(tenantId), cause, """
                select d.mac, d.tenant_id from device d
                 where d.tenant_id = ? and d.profile = ? and not d.released
                   and (cast(? as int) is null or %1$s < cast(? as int))
                   and not coalesce(%1$s < cast(? as int), false)
                   and not coalesce(cast(? as varchar) = any(string_to_array(d.labels, ',')), false)"""
                        .formatted(BUCKET),
                Arrays.asList(tenantId, profile, widening.toPercent(), profileId, widening.toPercent(),
                        profileId, widening.fromPercent(), widening.fromLabel()));
    }

    /**
     * Devices that inventory moved (to another profile, tenant or labels, or back from released), by tenant: the
     * device rows the caller just wrote, in its transaction. Two statements: the tenants' stamp locks, then the stamps.
     *
     * @return how many devices' layers were stamped
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int moved(Map<String, String> tenantByMac) {
        if (tenantByMac.isEmpty()) {
            return 0;
        }
        List<String> macs = new ArrayList<>(new TreeSet<>(tenantByMac.keySet()));
        return stamp(new TreeSet<>(tenantByMac.values()), Cause.MOVE, """
                select m.mac, m.tenant_id
                  from unnest(cast(? as char(12)[]), cast(? as varchar[])) as m(mac, tenant_id)""",
                List.of(macs.toArray(String[]::new), macs.stream().map(tenantByMac::get).toArray(String[]::new)));
    }

    /**
     * Stamps the layers of the devices {@code selection} names ({@code mac}, {@code tenant_id}, each MAC once) after the
     * tenants' releases and label groups: the locks first, so that the stamps' statement sees every publish that held
     * them.
     */
    private int stamp(Set<String> tenants, Cause cause, String selection, List<Object> parameters) {
        stamps.lockAll(tenants);
        int stamped = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    with m as (%s),
                    floors as (
                        select t.tenant_id,
                               greatest((select max(p.last_uvc_at) from profile p where p.tenant_id = t.tenant_id),
                                        (select max(g.changed_at) from group_settings g where g.tenant_id = t.tenant_id))
                                 + interval '1 second' as floor
                          from (select distinct tenant_id from m) t)
                    insert into device_settings (mac, tenant_id, settings, changed_at, txid)
                    select m.mac, m.tenant_id, '[]'::jsonb, greatest(date_trunc('second', now()), f.floor),
                           pg_current_xact_id()
                      from m join floors f on f.tenant_id = m.tenant_id
                    on conflict (mac) do update
                       set settings = case when device_settings.tenant_id = excluded.tenant_id
                                           then device_settings.settings else '[]'::jsonb end,
                           tenant_id = excluded.tenant_id,
                           changed_at = greatest(excluded.changed_at,
                                                 device_settings.changed_at + interval '1 second'),
                           txid = pg_current_xact_id()""".formatted(selection))) {
                for (int i = 0; i < parameters.size(); i++) {
                    Object value = parameters.get(i);
                    if (value instanceof String[] texts) {
                        Array array = connection.createArrayOf("varchar", texts);
                        statement.setArray(i + 1, array);
                    } else if (value == null) {
                        statement.setNull(i + 1, Types.OTHER); // typed by the cast around it
                    } else {
                        statement.setObject(i + 1, value);
                    }
                }
                return statement.executeUpdate();
            }
        });
        registry.counter("telprov.provisioning.settings.release.switches", "cause", cause.tag()).increment(stamped);
        return stamped;
    }
}
