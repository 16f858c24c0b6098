package org.telprov.console.web;

import org.telprov.console.api.ApiProblem;
import org.telprov.console.provisioning.RolloutViews;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The commands a person gives a rollout, each offered only when the rollout's status allows it and the person may
 * give it (docs/rollouts.md, the state machine). Offering is a courtesy: the API refuses what the status or the token
 * does not allow, and its 409 is shown in words ({@link #refusal}).
 */
public enum RolloutCommand {
    APPROVE("approve", "Approve", "Approved: it can be started."),
    START("start", "Start", "Started: its first group is offered the change."),
    PAUSE("pause", "Pause", "Paused: nothing more is offered; devices offered already still settle."),
    RESUME("resume", "Resume", "Resumed."),
    NEXT_GROUP("next-group", "Start the next group", "The next group was started."),
    CANCEL("cancel", "Cancel", "Cancelled: devices not reached stay on what they had, devices reached keep the change."),
    STOP("stop", "Stop and roll back", "Stopped: every device reached is given back its previous version."),
    RETRY_FAILED("retry-failed", "Retry the failed devices",
            "A new rollout of the devices that failed or timed out was planned: start it when you are ready.");

    private final String path;
    private final String label;
    private final String done;

    RolloutCommand(String path, String label, String done) {
        this.path = path;
        this.label = label;
        this.done = done;
    }

    /** The API's and the console's path segment. */
    public String path() {
        return path;
    }

    public String label() {
        return label;
    }

    /** The notice after it was done. */
    public String done() {
        return done;
    }

    /** Whether its button is shown: the status allows it and the person may give it. */
    public boolean allowed(RolloutViews.Rollout rollout, Viewer viewer) {
        boolean commands = viewer.canWrite() || viewer.operator();
        String status = rollout.status() == null ? "" : rollout.status();
        return switch (this) {
            // whoever created it cannot approve it; the operator may approve any
            case APPROVE -> commands && "awaiting_approval".equals(status)
                    && (viewer.operator() || !viewer.name().equals(rollout.createdBy()));
            case START -> commands && "ready".equals(status);
            case PAUSE -> commands && "running".equals(status);
            case RESUME -> commands && "paused".equals(status);
            case NEXT_GROUP -> commands && "running".equals(status) && rollout.hasNextGroup();
            case CANCEL -> commands && !rollout.ended();
            case STOP -> commands && ("running".equals(status) || "paused".equals(status));
            // a partner's administrator only; once it ended, since the new rollout cannot start while this one runs
            case RETRY_FAILED -> viewer.canWrite() && rollout.ended() && rollout.failures() > 0;
        };
    }

    /**
     * The commands offered as buttons, in the order shown; not the emergency stop, which is a link to a page that asks
     * for a confirmation first.
     */
    public static List<RolloutCommand> buttons(RolloutViews.Rollout rollout, Viewer viewer) {
        return Arrays.stream(values()).filter(c -> c != STOP && c.allowed(rollout, viewer)).toList();
    }

    public static Optional<RolloutCommand> of(String path) {
        return Arrays.stream(values()).filter(c -> c.path.equals(path)).findFirst();
    }

    /** A 409 of the API in words: why the rollout's status (or the person) does not allow the command. */
    public static String refusal(ApiProblem problem) {
        String code = problem.code() == null ? "" : problem.code();
        return switch (code) {
            case "approval_required" -> "It waits for a second person's approval before it can start.";
            case "not_awaiting_approval" -> "It needs no approval, or was approved already.";
            case "approver_is_creator" -> "Whoever created a rollout cannot approve it: another administrator of "
                    + "the tenant, or the operator, must.";
            case "not_ready" -> "It cannot start: it started already, or it ended.";
            case "target_busy" -> "Another rollout runs or is paused on the same profile: this one can start once "
                    + "that one has ended.";
            case "not_running" -> "It does not run (any more).";
            case "not_paused" -> "It is not paused (any more).";
            case "no_next_group" -> "Its last group runs already: there is no next group.";
            case "not_started" -> "Nothing was offered yet, so there is nothing to roll back: cancel it instead.";
            case "ended" -> "It has ended already.";
            case "no_failed_devices" -> "No device that failed or timed out is still on the profile.";
            default -> problem.message();
        };
    }
}
