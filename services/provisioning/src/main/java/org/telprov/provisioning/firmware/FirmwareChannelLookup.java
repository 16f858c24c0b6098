package org.telprov.provisioning.firmware;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.telprov.events.FirmwareArtifactRef;
import org.telprov.events.FirmwareChannels;

import java.util.List;
import java.util.Optional;

/**
 * Resolves a channel of a product to the artifact it points at: the tenant's own channel of that name first, then the
 * platform-wide vendor channel.
 */
@ApplicationScoped
public class FirmwareChannelLookup {

    private final EntityManager entityManager;

    public FirmwareChannelLookup(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<FirmwareArtifactRef> resolve(String tenantId, String vendor, String product, String channel) {
        for (String scope : new String[]{tenantId, null}) {
            @SuppressWarnings("unchecked")
            List<String> rows = entityManager.createNativeQuery(
                            "select channels from firmware_product where product_key = ?1")
                    .setParameter(1, FirmwareChannels.productKey(scope, vendor, product))
                    .getResultList();
            Optional<FirmwareArtifactRef> found = rows.stream().findFirst()
                    .map(FirmwareChannelsCodec::fromJson)
                    .map(channels -> channels.get(channel));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
