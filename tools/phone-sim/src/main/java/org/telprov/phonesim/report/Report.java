package org.telprov.phonesim.report;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * What one phone did: every step, the files it used, the outcome (ok, or failed with a reason), the UVC, the firmware
 * version it runs afterwards (where known), whether it downloaded settings or found its own current, and the settings
 * it holds afterwards.
 */
public record Report(String family, String mac, boolean ok, String reason, String detail, String uvc,
                     String firmware, SettingsOutcome settings, List<Step> steps, List<FetchedFile> files,
                     Map<String, String> params, long nanos) {

    public Report {
        steps = List.copyOf(steps);
        files = List.copyOf(files);
        params = Map.copyOf(params);
    }

    /** HTTP requests made, redirects and Digest challenges included. */
    public int requests() {
        return (int) steps.stream().filter(Step::isRequest).count();
    }

    /** Files of that kind the phone used in this run. */
    public List<FetchedFile> files(String kind) {
        return files.stream().filter(f -> f.kind().equals(kind)).toList();
    }

    /** Whether the phone took new settings in this boot (a changed version or file), as its family decides. */
    public boolean downloadedSettings() {
        return settings == SettingsOutcome.DOWNLOADED;
    }

    /**
     * One line per step, then {@code uvc: …} and {@code firmware: …} when known, {@code settings: downloaded|unchanged}
     * when the phone decided about them, and {@code result: ok} or {@code result: failed <reason>}.
     */
    public String text() {
        StringJoiner out = new StringJoiner("\n", "", "\n");
        out.add(family + " " + mac);
        steps.forEach(step -> out.add(step.line()));
        if (uvc != null) {
            out.add("uvc: " + uvc);
        }
        if (firmware != null) {
            out.add("firmware: " + firmware);
        }
        if (settings != SettingsOutcome.NONE) {
            out.add("settings: " + settings);
        }
        out.add(ok ? "result: ok" : "result: failed " + reason);
        return out.toString();
    }

    public String json() {
        Json json = new Json().beginObject()
                .member("family", family)
                .member("mac", mac)
                .member("result", ok ? "ok" : "failed")
                .member("reason", reason)
                .member("detail", detail)
                .member("uvc", uvc)
                .member("settings", settings.id())
                .member("requests", requests())
                .member("millis", nanos / 1_000_000)
                .member("firmware", firmware);
        json.name("steps").beginArray();
        for (Step step : steps) {
            json.beginObject()
                    .member("method", step.method())
                    .member("url", step.url())
                    .member("status", step.status())
                    .member("bytes", step.bytes())
                    .member("millis", step.millis())
                    .member("decision", step.decision())
                    .endObject();
        }
        json.endArray();
        json.name("files").beginArray();
        for (FetchedFile file : files) {
            json.beginObject()
                    .member("kind", file.kind())
                    .member("url", file.url())
                    .member("bytes", file.bytes())
                    .member("sha256", file.sha256())
                    .endObject();
        }
        json.endArray();
        json.member("params", new TreeMap<>(params));
        return json.endObject().toString();
    }
}
