package org.telprov.console.provisioning;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The provisioning API's rollouts as the console reads them, with what the pages say of them in words: statuses,
 * pause reasons and failure reasons are sentences, never codes or colours alone. Members the pages do not show are
 * ignored, so a firmware rollout (a kind the API may add) is read as well, with its target as the API names it.
 */
public final class RolloutViews {

    /** The device states in the API's order: waiting, under way, settled, left out. */
    public static final List<String> STATES =
            List.of("scheduled", "offered", "fetched", "confirmed", "failed", "timed_out", "excluded");

    /** A full progress bar's width in pixels, as the dashboard's charts. */
    static final int BAR = 240;

    private RolloutViews() {
    }

    /** A rollout with its progress per group and in total ({@code total}: devices by state, empty states left out). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rollout(String id, String tenant, String kind, String profile, String uvc, String target,
                          String status, int currentGroup, String createdBy, String approvedBy,
                          boolean approvalRequired, Instant createdAt, Instant startAt, Instant startedAt,
                          Instant endedAt, Integer successPercent, String successAction, Integer errorPercent,
                          Integer confirmationMinutes, Integer confirmationSeconds, Window maintenanceWindow,
                          Integer digestRefusalLimit, List<Pause> pauseReasons, List<Group> groups,
                          Map<String, Integer> total, String retryOf, String firmwareVersion) {

        public boolean firmware() {
            return "firmware".equals(kind);
        }

        /** Finished, cancelled, stopped or overtaken: nothing moves it any more, so its page stops polling. */
        public boolean ended() {
            return "finished".equals(status) || "cancelled".equals(status) || "stopped".equals(status)
                    || "overtaken".equals(status);
        }

        /** What it brings to which devices, in words. */
        public String targetText() {
            if (firmware()) {
                return "firmware" + (firmwareVersion == null ? "" : " " + firmwareVersion) + " (" + target + ")";
            }
            return "release " + uvc + " of profile " + profile;
        }

        public String statusText() {
            return RolloutViews.statusText(status);
        }

        /** The status, and what it means for the devices. */
        public String statusMeaning() {
            return switch (status == null ? "" : status) {
                case "awaiting_approval" -> "it starts only once a second person approved it";
                case "ready" -> startAt == null ? "it waits to be started" : "it starts by itself at its start time";
                case "running" -> "its groups are offered the change one after another";
                case "paused" -> "nothing more is offered; devices offered already still settle";
                case "finished" -> "every group succeeded; devices joining the profile get the change too";
                case "cancelled" -> "devices not reached stay on what they had, devices reached keep the change";
                case "stopped" -> "every device reached was given back its previous version";
                case "overtaken" -> "a newer publish took its place; devices not settled get that one";
                default -> "";
            };
        }

        /** The group last started, or {@code null} before the start. */
        public Group current() {
            return groups == null || currentGroup < 0 || currentGroup >= groups.size() ? null
                    : groups.get(currentGroup);
        }

        /** "2 of 3" style: the current group's name and how many groups there are. */
        public String currentText() {
            Group current = current();
            return current == null ? "not started" : current.nameText() + " (" + (currentGroup + 1) + " of "
                    + groupCount() + ")";
        }

        public int groupCount() {
            return groups == null ? 0 : groups.size();
        }

        /** Whether a group follows the current one, which a person may start by hand. */
        public boolean hasNextGroup() {
            return currentGroup + 1 < groupCount();
        }

        public int count(String state) {
            Integer count = total == null ? null : total.get(state);
            return count == null ? 0 : count;
        }

        /** Devices offered the change: the base of every percentage. */
        public int offered() {
            return RolloutViews.offered(total);
        }

        /** Devices that failed or timed out: what a retry of the failed devices takes again. */
        public int failures() {
            return count("failed") + count("timed_out");
        }

        /** Every state with its count, those with no device included, for the totals' table and the device list. */
        public List<StateCount> states() {
            List<StateCount> states = new ArrayList<>();
            for (String state : STATES) {
                states.add(new StateCount(state, stateText(state), count(state)));
            }
            return states;
        }

        /** The success and error conditions in words. */
        public String conditionsText() {
            return "a group succeeds when at least " + successPercent + " % of its offered devices confirmed, then "
                    + actionText(successAction) + "; the rollout pauses when at least " + errorPercent
                    + " % of a group's offered devices failed or timed out";
        }

        public String confirmationText() {
            Duration window = confirmationSeconds != null ? Duration.ofSeconds(confirmationSeconds)
                    : Duration.ofMinutes(confirmationMinutes == null ? 0 : confirmationMinutes);
            if (window.toSeconds() % 60 != 0) {
                return window.toSeconds() + " seconds";
            }
            long minutes = window.toMinutes();
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }

        public String windowText() {
            if (maintenanceWindow == null) {
                return "any time";
            }
            return "from " + maintenanceWindow.opens() + " to " + maintenanceWindow.closes() + " ("
                    + (maintenanceWindow.zone() == null ? "the tenant's time zone" : maintenanceWindow.zone()) + ")";
        }

        /** Why it pauses, one sentence per reason, the group named as the page names it. */
        public List<String> pauseTexts() {
            List<String> texts = new ArrayList<>();
            if (pauseReasons != null) {
                for (Pause pause : pauseReasons) {
                    texts.add(pause.text(groupName(pause.group()), successPercent, errorPercent));
                }
            }
            return texts;
        }

        /** The group at a position as the page names it; {@code -1}: a device excluded before any group took it. */
        public String groupName(int position) {
            if (position < 0) {
                return "none";
            }
            return groups != null && position < groups.size()
                    ? groups.get(position).nameText() : String.valueOf(position + 1);
        }

        /** A device state in words, for the device list's caption. */
        public String stateText(String state) {
            return RolloutViews.stateText(state);
        }

        /** Another status in words: the one a page showed before its progress was brought up to date. */
        public String statusOf(String other) {
            return RolloutViews.statusText(other);
        }
    }

    /** The maintenance window; {@code zone} {@code null}: the tenant's. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Window(String opens, String closes, String zone) {
    }

    /** Why a rollout pauses; {@code group} is the group's position, {@code -1} for a pause by hand. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pause(String kind, int group, int confirmed, int failed, int offered) {

        String text(String groupName, Integer successPercent, Integer errorPercent) {
            return switch (kind == null ? "" : kind) {
                case "by_hand" -> "Paused by hand.";
                case "error_condition" -> "Group " + groupName + ": " + failed + " of " + offered
                        + " devices offered failed or timed out, at least the error threshold of " + errorPercent
                        + " %.";
                case "success_not_reached" -> "Group " + groupName + ": all its devices settled with " + confirmed
                        + " of " + offered + " offered confirmed, below the success threshold of " + successPercent
                        + " %. Resuming passes the group and starts the next.";
                default -> "Paused (" + kind + ").";
            };
        }
    }

    /** One group with its devices by state; its own conditions where it has them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Group(int position, String name, Integer share, String label, Integer successPercent,
                        String successAction, Integer errorPercent, String status, Instant startedAt,
                        Map<String, Integer> devices) {

        public String nameText() {
            return "dynamic".equals(name) ? "dynamic (devices that joined later)" : name;
        }

        public String statusText() {
            return switch (status == null ? "" : status) {
                case "scheduled" -> "not started";
                case "running" -> "running";
                case "waiting" -> "succeeded, waits for a person to start the next group";
                case "succeeded" -> "succeeded";
                case "passed" -> "passed by hand before it succeeded";
                default -> status;
            };
        }

        public int count(String state) {
            Integer count = devices == null ? null : devices.get(state);
            return count == null ? 0 : count;
        }

        /** The group's devices, excluded ones left out: what its bar is a share of. */
        public int counted() {
            return count("scheduled") + offered();
        }

        public int offered() {
            return RolloutViews.offered(devices);
        }

        /** Offered and not settled yet: offered or fetched. */
        public int underWay() {
            return count("offered") + count("fetched");
        }

        public int failures() {
            return count("failed") + count("timed_out");
        }

        /** Confirmed devices as a percentage of those offered, as the conditions count them. */
        public String confirmedShare() {
            return offered() == 0 ? "—" : Math.round(count("confirmed") * 100.0 / offered()) + " %";
        }

        public String failedShare() {
            return offered() == 0 ? "—" : Math.round(failures() * 100.0 / offered()) + " %";
        }

        /** The bar's segments: confirmed, failed or timed out, under way, each a share of the counted devices. */
        public Bar bar() {
            return Bar.of(count("confirmed"), failures(), underWay(), counted());
        }
    }

    /**
     * The widths (pixels of {@link #BAR}) of a group's bar segments and where each starts; the table beside it holds
     * the numbers, so the bar is never the only way to read them.
     */
    public record Bar(long confirmed, long failed, long underWay, long failedAt, long underWayAt) {

        static Bar of(int confirmed, int failed, int underWay, int total) {
            long c = width(confirmed, total);
            long f = width(failed, total);
            long u = width(underWay, total);
            return new Bar(c, f, u, c, c + f);
        }

        private static long width(int count, int total) {
            return total <= 0 ? 0 : Math.round(count * (double) BAR / total);
        }
    }

    /** One device state with its count and its words. */
    public record StateCount(String state, String text, int count) {
    }

    /** One device of a rollout: its group ({@code -1}: excluded before any group took it), state and reason. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(String mac, int group, String state, String reason, String previousVersion,
                         Instant offeredAt, Instant settledAt, Instant rolledBackAt) {

        public String stateText() {
            return RolloutViews.stateText(state);
        }

        public String reasonText() {
            return RolloutViews.reasonText(reason);
        }
    }

    public static String statusText(String status) {
        return switch (status == null ? "" : status) {
            case "awaiting_approval" -> "awaiting approval";
            case "ready" -> "ready to start";
            case "running" -> "running";
            case "paused" -> "paused";
            case "finished" -> "finished";
            case "cancelled" -> "cancelled";
            case "stopped" -> "stopped and rolled back";
            case "overtaken" -> "overtaken";
            default -> status;
        };
    }

    public static String stateText(String state) {
        return switch (state == null ? "" : state) {
            case "scheduled" -> "waiting";
            case "offered" -> "offered";
            case "fetched" -> "fetched in part";
            case "confirmed" -> "confirmed";
            case "failed" -> "failed";
            case "timed_out" -> "timed out";
            case "excluded" -> "excluded";
            default -> state;
        };
    }

    /** Why a device failed, timed out or is excluded (docs/rollouts.md), in words. */
    public static String reasonText(String reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "no_checkin" -> "no check-in within the confirmation window";
            case "incomplete" -> "fetched the first files of the change but not the one that confirms it";
            case "download_incomplete" -> "the firmware download never completed";
            case "version_not_announced" -> "downloaded the image but never checked in with the new version";
            case "digest_refused" -> "its Digest credentials were refused repeatedly after the offer";
            case "pinned" -> "pinned to a release of the profile";
            case "unsupported_dialect" -> "its dialect cannot receive this change";
            case "in_no_group" -> "carries none of the groups' labels";
            case "left_target" -> "left the rollout's devices (another profile, the filter, or released)";
            case "overtaken" -> "a newer publish took the rollout's place before it settled";
            default -> reason;
        };
    }

    static String actionText(String action) {
        return "wait".equals(action) ? "waits for a person to start the next group" : "starts the next group";
    }

    private static int offered(Map<String, Integer> devices) {
        if (devices == null) {
            return 0;
        }
        int offered = 0;
        for (String state : List.of("offered", "fetched", "confirmed", "failed", "timed_out")) {
            Integer count = devices.get(state);
            offered += count == null ? 0 : count;
        }
        return offered;
    }
}
