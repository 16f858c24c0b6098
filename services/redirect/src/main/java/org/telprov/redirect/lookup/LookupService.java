package org.telprov.redirect.lookup;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.redirect.RedirectConfig;
import org.telprov.redirect.checkin.CheckinPublisher;
import org.telprov.redirect.destination.DestinationTable;
import org.telprov.support.probing.ProbeBudget;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Answers a device's lookup from memory: where to go and in which form its vendor family expects it, or that it is
 * unknown, or that its address probes too many unknown MACs. Every answered lookup is handed to the check-in
 * telemetry. A tenant that wants client certificates has its devices answered only to a caller whose certificate
 * names the MAC; anyone else learns no more than for an unknown MAC.
 */
@ApplicationScoped
public class LookupService {

    /** What a lookup came to. */
    public sealed interface Outcome {
    }

    /** A known, routable device: its expanded URL and the answer its family wants. */
    public record Found(String url, RedirectConfig.Answer answer) implements Outcome {
    }

    /**
     * Unknown, released, suspended tenant, a URL that failed validation, or a missing or wrong client certificate:
     * all look the same from outside.
     */
    public record Unknown() implements Outcome {
    }

    /** Unknown, and the source address has used up its budget of unknown lookups. */
    public record Limited() implements Outcome {
    }

    private static final Outcome UNKNOWN = new Unknown();
    private static final Outcome LIMITED = new Limited();

    private final DestinationTable routes;
    private final ProbeBudget probing;
    private final CheckinPublisher checkins;
    private final Map<String, RedirectConfig.Family> families;
    private final Counter redirected;
    private final Counter unknown;
    private final Counter limited;
    private final Counter refused;

    public LookupService(DestinationTable routes, CheckinPublisher checkins, RedirectConfig config,
                         MeterRegistry registry) {
        this.routes = routes;
        this.probing = new ProbeBudget(config.probing(), "redirect", registry);
        this.checkins = checkins;
        this.families = config.families();
        this.redirected = registry.counter("telprov.redirect.lookups", "outcome", "found");
        this.unknown = registry.counter("telprov.redirect.lookups", "outcome", "unknown");
        this.limited = registry.counter("telprov.redirect.lookups", "outcome", "limited");
        this.refused = registry.counter("telprov.redirect.lookups", "outcome", "certificate_refused");
    }

    /**
     * @param mac                the MAC's 48-bit value
     * @param certificateMacs    the MACs the caller's client certificate names, read only for a tenant that wants them
     */
    public Outcome lookup(long mac, String userAgent, String sourceAddress,
                          Supplier<Set<Long>> certificateMacs) {
        DestinationTable.Route route = routes.route(mac).orElse(null);
        String url = route == null ? null : route.template().expand(mac, route.serial(), route.model());
        boolean refusedHere = url != null && route.clientCertificate() && !certificateMacs.get().contains(mac);
        if (url == null || refusedHere) {
            // a refused lookup spends the caller's probing budget like an unknown MAC: it may be a scan as well
            if (!probing.spend(sourceAddress)) {
                limited.increment();
                return LIMITED;
            }
            (refusedHere ? refused : unknown).increment();
            return UNKNOWN;
        }
        redirected.increment();
        checkins.publish(mac, route.tenantId(), sourceAddress, userAgent);
        return new Found(url, answerFor(route.vendor()));
    }

    /** The family is the part of inventory's vendor id before the first '-': gigaset-maxwell is a gigaset. */
    private RedirectConfig.Answer answerFor(String vendor) {
        int dash = vendor.indexOf('-');
        RedirectConfig.Family family = families.get(dash < 0 ? vendor : vendor.substring(0, dash));
        return family == null ? RedirectConfig.Answer.REDIRECT : family.answer();
    }
}
