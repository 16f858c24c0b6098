package org.telprov.phonesim.report;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The steps and files of one run as they happen; the HTTP layer adds exchanges, the phone its decisions. */
public final class RunLog {

    private final List<Step> steps = new ArrayList<>();
    private final List<FetchedFile> files = new ArrayList<>();
    private SettingsOutcome settings = SettingsOutcome.NONE;

    /** Records an exchange; returns its index for {@link #decide}. */
    public int exchange(String method, URI url, int status, long bytes, long nanos, String decision) {
        steps.add(new Step(method, url.toString(), status, bytes, nanos, decision));
        return steps.size() - 1;
    }

    /** Sets (or adds to) what the phone decided from the exchange at the index. */
    public void decide(int index, String decision) {
        Step step = steps.get(index);
        String text = step.decision() == null || step.decision().isEmpty() ? decision
                : step.decision() + "; " + decision;
        steps.set(index, new Step(step.method(), step.url(), step.status(), step.bytes(), step.nanos(), text));
    }

    /** A decision not tied to one exchange. */
    public void note(String decision) {
        steps.add(new Step(null, null, 0, 0, 0, decision));
    }

    public void file(String kind, URI url, long bytes, String sha256) {
        files.add(new FetchedFile(kind, url.toString(), bytes, sha256));
    }

    /** Records what the phone decided about its settings; a download anywhere in the boot wins. */
    public void settings(SettingsOutcome outcome) {
        settings = settings.and(outcome);
    }

    public SettingsOutcome settings() {
        return settings;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public List<FetchedFile> files() {
        return List.copyOf(files);
    }
}
