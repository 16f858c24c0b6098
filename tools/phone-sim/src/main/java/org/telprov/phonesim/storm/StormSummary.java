package org.telprov.phonesim.storm;

import org.telprov.phonesim.report.Json;
import org.telprov.phonesim.report.SettingsOutcome;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The outcome of a boot storm: phones that succeeded, failures by reason (most frequent first), phones that downloaded
 * settings and phones that found theirs unchanged, phones by the firmware version they run afterwards (where known),
 * HTTP requests (redirects and Digest challenges included), latency percentiles of each request and of whole phone
 * runs, and the wall-clock time.
 */
public record StormSummary(String family, int devices, int concurrency, int succeeded, int failed,
                           Map<String, Integer> failures, Map<SettingsOutcome, Integer> settings,
                           Map<String, Integer> firmware, long requests, Percentiles requestLatency,
                           Percentiles phoneLatency, long nanos) {

    public StormSummary {
        failures = new LinkedHashMap<>(failures);
        settings = new EnumMap<>(settings);
        firmware = new TreeMap<>(firmware);
    }

    /** Phones whose boot ended with that settings outcome. */
    public int settings(SettingsOutcome outcome) {
        return settings.getOrDefault(outcome, 0);
    }

    public double seconds() {
        return nanos / 1e9;
    }

    public String text() {
        StringJoiner out = new StringJoiner("\n", "", "\n");
        out.add(String.format("boot storm: %s, %d phones, concurrency %d", family, devices, concurrency));
        out.add(String.format("succeeded %d, failed %d", succeeded, failed));
        failures.forEach((reason, count) -> out.add(String.format("  %8d  %s", count, reason)));
        out.add(String.format("settings downloaded %d, unchanged %d", settings(SettingsOutcome.DOWNLOADED),
                settings(SettingsOutcome.UNCHANGED)));
        if (!firmware.isEmpty()) {
            StringJoiner versions = new StringJoiner(", ", "firmware ", "");
            firmware.forEach((version, count) -> versions.add(version + ": " + count));
            out.add(versions.toString());
        }
        out.add(String.format("requests %d (%.0f/s)", requests, requests / Math.max(seconds(), 1e-9)));
        out.add("request latency  " + requestLatency.text());
        out.add("phone latency    " + phoneLatency.text());
        out.add(String.format("total %.2f s, %.1f phones/s", seconds(), devices / Math.max(seconds(), 1e-9)));
        return out.toString();
    }

    public String json() {
        Json json = new Json().beginObject()
                .member("family", family)
                .member("devices", devices)
                .member("concurrency", concurrency)
                .member("succeeded", succeeded)
                .member("failed", failed)
                .member("failures", failures)
                .member("settingsDownloaded", settings(SettingsOutcome.DOWNLOADED))
                .member("settingsUnchanged", settings(SettingsOutcome.UNCHANGED))
                .member("requests", requests)
                .member("millis", nanos / 1_000_000);
        latency(json, "requestLatencyMicros", requestLatency);
        latency(json, "phoneLatencyMicros", phoneLatency);
        json.member("firmware", firmware);
        return json.endObject().toString();
    }

    private static void latency(Json json, String name, Percentiles p) {
        json.name(name).beginObject()
                .member("count", p.count())
                .member("p50", p.p50() / 1000)
                .member("p90", p.p90() / 1000)
                .member("p99", p.p99() / 1000)
                .member("max", p.max() / 1000)
                .endObject();
    }
}
