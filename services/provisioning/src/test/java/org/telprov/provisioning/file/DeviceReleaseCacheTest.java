package org.telprov.provisioning.file;

import org.junit.jupiter.api.Test;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.provisioning.release.ResolvedRelease;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceReleaseCacheTest {

    private static final Duration TTL = Duration.ofSeconds(5);

    private final AtomicLong now = new AtomicLong();
    private final DeviceReleaseCache cache = new DeviceReleaseCache(null, 2, 2, TTL, now::get);
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void anEntryIsServedFromMemoryUntilItsTtlHasPassed() {
        Optional<ResolvedRelease> first = cache.get("901b0e000001", null, loader("1"));
        now.addAndGet(TTL.toNanos() - 1);
        assertThat(cache.get("901b0e000001", null, loader("2"))).isEqualTo(first);
        assertThat(loads).hasValue(1);

        now.addAndGet(1);
        assertThat(cache.get("901b0e000001", null, loader("2"))).map(r -> r.device().uvc()).contains("2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aMissIsNotKept() {
        for (int i = 0; i < 3; i++) {
            assertThat(cache.get("901b0e000002", null, () -> {
                loads.incrementAndGet();
                return Optional.empty();
            })).isEmpty();
        }
        assertThat(loads).hasValue(3);
        assertThat(cache.get("901b0e000002", null, loader("1"))).isPresent();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void inventedUvcsLeaveNoEntries() {
        for (int i = 0; i < 1000; i++) {
            cache.get("901b0e00000d", "invented-" + i, Optional::empty);
        }
        assertThat(cache.size()).isZero();
    }

    @Test
    void aDeviceKeepsEntriesForItsCurrentReleaseAndAFewNamedUvcsOnly() {
        cache.get("901b0e00000e", null, loader("current"));
        for (int i = 0; i < 10; i++) {
            cache.get("901b0e00000e", "named-" + i, loader("named-" + i));
        }
        // the current release, its own UVC and one more named one: two named UVCs per device here
        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("901b0e00000e", null, loader("reloaded"))).map(r -> r.device().uvc()).contains("current");
    }

    @Test
    void expiredNamedEntriesMakeRoomForNewOnes() {
        cache.get("901b0e00000f", "named-1", loader("named-1"));
        cache.get("901b0e00000f", "named-2", loader("named-2"));
        now.addAndGet(TTL.toNanos());
        cache.get("901b0e00000f", "named-3", loader("named-3"));
        int before = loads.get();
        assertThat(cache.get("901b0e00000f", "named-3", loader("reloaded"))).map(r -> r.device().uvc())
                .contains("named-3");
        assertThat(loads).hasValue(before);
    }

    @Test
    void theCurrentReleaseAndANamedUvcAreSeparateEntries() {
        cache.get("901b0e000003", null, loader("current"));
        assertThat(cache.get("901b0e000003", "named", loader("named"))).map(r -> r.device().uvc()).contains("named");
        assertThat(cache.get("901b0e000003", null, loader("other"))).map(r -> r.device().uvc()).contains("current");
    }

    @Test
    void theCurrentReleaseAlsoAnswersForItsOwnUvc() {
        cache.get("901b0e00000c", null, loader("2026-11-29_18:00:00"));

        assertThat(cache.get("901b0e00000c", "2026-11-29_18:00:00", loader("not asked")))
                .map(r -> r.device().uvc()).contains("2026-11-29_18:00:00");
        assertThat(loads).hasValue(1);
    }

    @Test
    void anInvalidationMakesEveryDeviceLoadAgain() {
        cache.get("901b0e000004", null, loader("1"));
        cache.invalidate();
        assertThat(cache.get("901b0e000004", null, loader("2"))).map(r -> r.device().uvc()).contains("2");
    }

    @Test
    void aDevicesInvalidationForgetsItsEntriesOnly() {
        cache.get("901b0e000009", null, loader("mine"));
        cache.get("901b0e000009", "named", loader("mine, named"));
        cache.get("901b0e00000a", null, loader("other"));

        cache.invalidate("901b0e000009");

        assertThat(cache.get("901b0e000009", null, loader("new"))).map(r -> r.device().uvc()).contains("new");
        assertThat(cache.get("901b0e000009", "named", loader("new, named"))).map(r -> r.device().uvc())
                .contains("new, named");
        assertThat(cache.get("901b0e00000a", null, loader("reloaded"))).map(r -> r.device().uvc()).contains("other");
    }

    @Test
    void whatALookupReadBeforeADevicesInvalidationIsNotKept() {
        cache.get("901b0e00000b", null, () -> {
            cache.invalidate("901b0e00000b");
            return resolved("before the write");
        });
        assertThat(cache.get("901b0e00000b", null, loader("after"))).map(r -> r.device().uvc()).contains("after");
    }

    @Test
    void whatALookupReadBeforeAnInvalidationIsNotKept() {
        Optional<ResolvedRelease> raced = cache.get("901b0e000005", null, () -> {
            cache.invalidate();
            return resolved("before the write");
        });
        assertThat(raced).map(r -> r.device().uvc()).contains("before the write");
        assertThat(cache.get("901b0e000005", null, loader("after"))).map(r -> r.device().uvc()).contains("after");
    }

    @Test
    void theLeastRecentlyUsedEntryMakesRoomBeyondTheSize() {
        cache.get("901b0e000006", null, loader("a"));
        cache.get("901b0e000007", null, loader("b"));
        cache.get("901b0e000006", null, loader("unused"));
        cache.get("901b0e000008", null, loader("c"));
        assertThat(cache.get("901b0e000006", null, loader("reloaded"))).map(r -> r.device().uvc()).contains("a");
        assertThat(cache.get("901b0e000007", null, loader("reloaded"))).map(r -> r.device().uvc())
                .contains("reloaded");
    }

    private Supplier<Optional<ResolvedRelease>> loader(String uvc) {
        return () -> {
            loads.incrementAndGet();
            return resolved(uvc);
        };
    }

    private static Optional<ResolvedRelease> resolved(String uvc) {
        return Optional.of(new ResolvedRelease(
                new DeviceRelease("901b0e000000", "acme", "gigaset-maxwell", "mx3b", UUID.randomUUID(), uvc),
                (ProfileContent) null, null));
    }
}
