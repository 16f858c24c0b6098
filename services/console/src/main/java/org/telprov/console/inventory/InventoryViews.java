package org.telprov.console.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * The inventory API's answers as the console reads them: only the members the pages show, every other one ignored, so
 * the service can add members without breaking the console. The console has no copy of the service's types on purpose.
 */
public final class InventoryViews {

    private InventoryViews() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page<T>(List<T> items, int page, int size, long total) {

        /** How many pages there are (at least one, the empty first page). */
        public int pages() {
            return size <= 0 ? 1 : (int) Math.max(1, (total + size - 1) / size);
        }

        /** This page's number as people count, from 1. */
        public int number() {
            return page + 1;
        }

        public int previous() {
            return page - 1;
        }

        public int next() {
            return page + 1;
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return page + 1 < pages();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tenant(String id, String name, String provisioningUrlTemplate, String status, String redirectAuth,
                         String timeZone, Instant createdAt, Instant updatedAt) {

        public boolean suspended() {
            return "suspended".equals(status);
        }
    }

    /** A tenant to create; the API's defaults for what is left out. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record NewTenant(String id, String name, String provisioningUrlTemplate) {
    }

    /** What changes of a tenant; a field left out (null) stays as it is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TenantChange(String name, String provisioningUrlTemplate, String status, String redirectAuth) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Summary(long devices, long neverSeen, long seenLast24h) {
    }

    /** A tenant's firmware versions and release adoption, as inventory counted and capped them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Fleet(String tenantId, long devices, Versions firmware, Adoption adoption) {
    }

    /** The most common firmware versions; {@code more} is how many others the API counted but did not list. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Versions(List<Version> items, long more) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Version(String model, String version, long devices) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Adoption(List<ProfileAdoption> items, long more) {
    }

    /** One profile's devices by the release (UVC) each fetched last; a null UVC counts those that fetched none. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProfileAdoption(String profile, long devices, List<Release> releases, long moreReleases) {

        /** The profile's devices in releases the API did not list. */
        public long unlisted() {
            return devices - releases.stream().mapToLong(Release::devices).sum();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Release(String uvc, long devices) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(String mac, String tenantId, String vendor, String model, String serial, String profile,
                         List<String> labels, Instant createdAt, Instant updatedAt, CheckinState checkin) {

        /** The MAC as people write it, 90:1b:0e:56:c7:bc. */
        public String displayMac() {
            return mac == null || mac.length() != 12 ? mac : mac.replaceAll("(..)(?!$)", "$1:");
        }

        public Instant lastSeen() {
            return checkin == null ? null : checkin.lastSeen();
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CheckinState(Instant firstSeen, Instant lastSeen, String lastService, String lastFile, String lastUvc,
                               String lastFirmware, String lastSourceIp, String lastUserAgent) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Checkin(String service, String file, String uvc, String firmwareVersion, String sourceIp,
                          String userAgent, Instant at, String protocol) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AuditEntry(long id, String tenantId, String mac, String action, String actor, Instant at,
                             JsonNode before, JsonNode after) {
    }

    /** A device to register; empty optional fields are left out rather than sent empty. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Registration(String mac, String vendor, String model, String serial, String profile,
                               List<String> labels) {
    }

    /** A device's new profile; null moves it to none. */
    public record Move(String profile) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImportReport(int rows, int claimed, int updated, int unchanged, List<Rejection> rejected) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rejection(int row, String mac, String code, String message) {
    }
}
