package org.telprov.provisioning.auth;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.ProvisioningConfig;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tenants' device-authentication settings as the device path reads them: from memory, reloaded after
 * {@code telprov.provisioning.device-auth.settings-ttl}, and dropped at once on this replica when a partner changes
 * them. Other replicas see a change within the TTL.
 */
@ApplicationScoped
public class DeviceAuthService {

    private record Cached(DeviceAuthSettings settings, long expiresAt) {
    }

    private final DeviceAuthStore store;
    private final long ttlNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Bumped by every change, so a read that raced a change does not put the old setting back. */
    private final AtomicLong changes = new AtomicLong();

    public DeviceAuthService(DeviceAuthStore store, ProvisioningConfig config) {
        this.store = store;
        this.ttlNanos = config.deviceAuth().settingsTtl().toNanos();
    }

    /** The tenant's setting, or the defaults (mode off) when it has none. */
    public DeviceAuthSettings current(String tenantId) {
        long now = System.nanoTime();
        Cached cached = cache.get(tenantId);
        if (cached != null && now - cached.expiresAt() < 0) {
            return cached.settings();
        }
        long before = changes.get();
        DeviceAuthSettings settings = store.find(tenantId).orElse(DeviceAuthSettings.DEFAULT);
        if (changes.get() == before) {
            cache.put(tenantId, new Cached(settings, now + ttlNanos));
        }
        return settings;
    }

    /** The tenant's stored setting, read from the database (what the partner API answers). */
    public DeviceAuthSettings stored(String tenantId) {
        return store.find(tenantId).orElse(DeviceAuthSettings.DEFAULT);
    }

    /** Validates and stores the tenant's setting; this replica uses it from the next request on. */
    public DeviceAuthSettings replace(String tenantId, DeviceAuthSettings requested, String actor) {
        DeviceAuthSettings settings = requested.validated();
        try {
            store.save(tenantId, settings, actor);
        } finally {
            changes.incrementAndGet();
            cache.remove(tenantId);
        }
        return settings;
    }
}
