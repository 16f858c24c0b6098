package org.telprov.provisioning.firmware;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.events.FirmwareChannels;
import org.telprov.provisioning.memory.MemoryPoller;

import java.util.UUID;

/**
 * The writes that move the offers of firmware rollouts in every replica's channel resolution
 * ({@link FirmwareChannelLookup}): a rollout whose offers changed, and a channel that moved after its rollouts ended.
 * Plain SQL on the rollout table, which the {@code rollout} package owns: it imports this package, not the other way
 * round (as {@code release.ProfileRoutes} reads release offers).
 */
@ApplicationScoped
public class FirmwareOffers {

    private final EntityManager entityManager;
    private final MemoryPoller memory;

    public FirmwareOffers(EntityManager entityManager, MemoryPoller memory) {
        this.entityManager = entityManager;
        this.memory = memory;
    }

    /**
     * The firmware rollout offered, withdrew or rolled back devices, or ended: every replica reads its offers again
     * (this one right after the commit). The caller holds the rollout's row lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void changed(UUID rolloutId) {
        entityManager.createNativeQuery("update rollout set offers_version = offers_version + 1 where id = ?1")
                .setParameter(1, rolloutId)
                .executeUpdate();
        memory.refreshAfterCommit();
    }

    /**
     * The channel moved: the devices that ended firmware rollouts of it reached (cancelled: those it offered the
     * artifact; finished: all of them, the channel moved to it) get what the channel names from now on. A platform-wide
     * channel is the channel of a tenant that has none of that name of its own.
     *
     * @param tenantId the channel's tenant, {@code null} for a platform-wide one
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void channelMoved(String tenantId, String vendor, String product, String channel) {
        String whose = tenantId != null ? "r.tenant_id = ?4" : """
                not exists (select 1 from firmware_product p
                            where p.product_key = r.tenant_id || '/' || r.vendor || '/' || r.product
                              and jsonb_exists(cast(p.channels as jsonb), r.channel))""";
        // firmware_product.channels is the snapshot's JSON object: a tenant's own channel names are its keys
        var update = entityManager.createNativeQuery("""
                        update rollout r set channel_moved_at = now(), offers_version = r.offers_version + 1
                        where r.kind = 'firmware' and r.status in ('finished', 'cancelled') and r.channel_moved_at is null
                          and r.vendor = ?1 and r.product = ?2 and r.channel = ?3 and\s""" + whose)
                .setParameter(1, vendor)
                .setParameter(2, product)
                .setParameter(3, channel);
        if (tenantId != null) {
            update.setParameter(4, tenantId);
        }
        int moved = update.executeUpdate();
        if (moved > 0) {
            memory.refreshAfterCommit();
        }
    }

    /** The key of a tenant's channel in the offers memory. */
    static String key(String tenantId, String vendor, String product, String channel) {
        return FirmwareChannels.productKey(tenantId, vendor, product) + "/" + channel;
    }
}
