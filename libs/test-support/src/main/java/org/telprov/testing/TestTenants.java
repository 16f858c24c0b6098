package org.telprov.testing;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import org.eclipse.microprofile.config.ConfigProvider;
import org.telprov.events.EventCodec;
import org.telprov.events.TenantSnapshot;
import org.telprov.events.Topics;
import org.telprov.support.tenant.TenantStatus;
import org.telprov.support.tenant.TenantStatusTable;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tenant snapshots on the test broker, for the services that learn tenant statuses from inventory's events
 * ({@link TenantStatusTable}) and refuse the token of a tenant they never heard of: every tenant {@link TestTokens}
 * mints a partner token for is made active in such a service before the token is used (when it is minted inside the
 * running application, and again before each test method for tokens minted earlier, such as static fields).
 * Inventory, which keeps the tenants itself, and services without the table are left alone.
 */
public final class TestTenants implements QuarkusTestBeforeEachCallback {

    // Shared by every class loader of the JVM (tokens are minted in JUnit's and in the application's).
    private static final String MINTED = "telprov.test.minted-tenants";
    // Above any earlier run's versions in this JVM, as long as less than 1000 snapshots a millisecond are published.
    private static final AtomicLong VERSIONS = new AtomicLong(System.currentTimeMillis() * 1000);
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Makes every tenant a token was minted for active in the service, before each test method. */
    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        String minted = System.getProperty(MINTED, "");
        Arrays.stream(minted.split(",")).filter(id -> !id.isEmpty()).forEach(TestTenants::ensureActive);
    }

    /** Suspends the tenant in the running service and waits until the service knows. */
    public static void suspend(String tenant) {
        publish(table().orElseThrow(), tenant, "suspended");
    }

    /** Makes the tenant active in the running service and waits until the service knows. */
    public static void activate(String tenant) {
        publish(table().orElseThrow(), tenant, TenantSnapshot.ACTIVE);
    }

    /** Records that a token names the tenant and, inside a running service with the table, makes it active there. */
    static synchronized void minted(String tenant) {
        String minted = System.getProperty(MINTED, "");
        if (!Arrays.asList(minted.split(",")).contains(tenant)) {
            System.setProperty(MINTED, minted.isEmpty() ? tenant : minted + "," + tenant);
        }
        ensureActive(tenant);
    }

    private static void ensureActive(String tenant) {
        table().filter(table -> table.status(tenant) == TenantStatus.UNKNOWN)
                .ifPresent(table -> publish(table, tenant, TenantSnapshot.ACTIVE));
    }

    private static Optional<TenantStatusTable> table() {
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return Optional.empty();
        }
        InstanceHandle<TenantStatusTable> table = container.instance(TenantStatusTable.class);
        return table.isAvailable() ? Optional.of(table.get()) : Optional.empty();
    }

    private static void publish(TenantStatusTable table, String tenant, String status) {
        TenantSnapshot snapshot = new TenantSnapshot(tenant, tenant, "http://127.0.0.1:8082/prov/{mac}/", status,
                VERSIONS.incrementAndGet(), TenantSnapshot.REDIRECT_AUTH_NONE);
        String event = EventCodec.toJson(TenantSnapshot.UPDATED.envelope(snapshot, Instant.now()));
        String bootstrapServers = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        TopicProbe.send(bootstrapServers, Topics.INVENTORY_TENANTS, tenant, event);
        TenantStatus expected = TenantStatus.of(status);
        Instant deadline = Instant.now().plus(WAIT);
        while (table.status(tenant) != expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the service did not see tenant " + tenant + " become " + status);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** For the {@link java.util.ServiceLoader} that finds the before-each callback; the rest is static. */
    public TestTenants() {
    }
}
