package org.telprov.provisioning.rollout;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.telprov.support.problem.Inputs;

import java.util.List;

/**
 * A rollout as a partner creates it: a release of one of its profiles to the profile's devices, or a firmware artifact
 * to the devices of a product that get one of its channels (those of a filter), in {@code groupCount} equal groups or
 * the explicit {@code groups}, with the conditions every group has unless it names its own.
 */
public record RolloutRequest(
        @Pattern(regexp = "release|firmware", message = "release or firmware")
        @Schema(description = "What the rollout brings: a profile's release (the default) or a firmware artifact of "
                + "a product's channel", enumeration = {"release", "firmware"})
        String kind,

        @Inputs.Name
        @Schema(description = "(release) The tenant's profile whose devices get the release; required",
                examples = "office-default")
        String profile,

        @Inputs.Uvc
        @Schema(description = "(release) The release of the profile to bring; the profile's newest when omitted",
                examples = "2026-12-07_09:00:00")
        String uvc,

        @Inputs.Vendor
        @Schema(description = "(firmware) The product's vendor; required", examples = "gigaset-maxwell")
        String vendor,

        @Inputs.Model
        @Schema(description = "(firmware) The product: the devices of this vendor and model (case-insensitive) "
                + "whose release gives them the channel's firmware; required", examples = "mx3b")
        String product,

        @Inputs.Channel
        @Schema(description = "(firmware) The product's channel whose devices get the artifact; required. The "
                + "tenant's own channel of that name, else the platform's; when the rollout finishes, the firmware "
                + "service points the tenant's channel at the artifact", examples = "stable")
        String channel,

        @Inputs.Id
        @Schema(description = "(firmware) The artifact to bring: the tenant's or platform-wide firmware of the "
                + "product; required", examples = "3f2c7d1e-5b4a-4c8e-9f10-2a3b4c5d6e7f")
        String artifactId,

        @Valid
        FilterRequest filter,

        @Min(1) @Max(MAX_GROUPS)
        @Schema(description = "So many groups of equal shares; or groups")
        Integer groupCount,

        @Size(min = 1, max = MAX_GROUPS)
        @Schema(description = "The groups in order, each a share (a weight) or a label; or groupCount")
        List<@Valid @NotNull GroupRequest> groups,

        @NotNull @Min(1) @Max(100)
        @Schema(description = "A group succeeds when at least this percentage of its offered devices confirmed")
        Integer successPercent,

        @Pattern(regexp = "next_group|wait", message = "next_group or wait")
        @Schema(description = "What a group that succeeded does: start the next group (the default) or wait for "
                + "a person", enumeration = {"next_group", "wait"})
        String successAction,

        @NotNull @Min(1) @Max(100)
        @Schema(description = "The rollout pauses when at least this percentage of a group's offered devices failed "
                + "or timed out")
        Integer errorPercent,

        @Min(1) @Max(MAX_CONFIRMATION_MINUTES)
        @Schema(description = "Minutes after its offer within which a device must confirm, else it counts as "
                + "failed; or confirmationSeconds")
        Integer confirmationMinutes,

        @Min(1) @Max(MAX_CONFIRMATION_MINUTES * 60)
        @Schema(description = "The confirmation window in seconds, or confirmationMinutes; at least the service's "
                + "telprov.rollouts.minimum-confirmation-window (one minute unless configured shorter)")
        Integer confirmationSeconds,

        @Valid
        WindowRequest maintenanceWindow,

        @Pattern(regexp = Inputs.SINGLE_LINE, message = Inputs.SINGLE_LINE_RULE)
        @Size(max = 40)
        @Schema(description = "When it starts by itself (ISO-8601 instant); by hand only when omitted",
                examples = "2026-12-08T02:00:00Z")
        String startAt,

        @Schema(description = "Whether a second person (a partner-admin other than the creator, or the operator) "
                + "must approve it before it starts")
        Boolean approvalRequired,

        @Min(1) @Max(100)
        @Schema(description = "Digest refusals after the offer that fail a device; 3 when omitted")
        Integer digestRefusalLimit) {

    public static final int MAX_GROUPS = 100;
    /** 30 days. */
    public static final int MAX_CONFIRMATION_MINUTES = 43_200;
    /** About ten years. */
    public static final int MAX_SEEN_WITHIN_DAYS = 3_650;

    /** Which of the profile's devices the rollout takes; all when omitted. */
    public record FilterRequest(
            @Size(max = 50)
            @Schema(description = "Only devices of these models")
            List<@NotNull @Inputs.Model String> models,

            @Size(max = 50)
            @Schema(description = "Only devices carrying one of these labels")
            List<@NotNull @Inputs.Label String> labels,

            @Pattern(regexp = "[0-9A-Fa-f]{1,12}", message = "1 to 12 hex digits")
            @Schema(description = "Only devices whose MAC starts with these hex digits", examples = "7c2f80")
            String macPrefix,

            @Min(1) @Max(MAX_SEEN_WITHIN_DAYS)
            @Schema(description = "Only devices that checked in (redirect, provisioning or firmware) within this many "
                    + "days before the rollout's creation, to the hour; a device never seen is left out. The bound "
                    + "is fixed at creation (the view's filter.seenSince) and holds for devices joining later too",
                    examples = "30")
            Integer seenWithinDays) {
    }

    /** One group: a share of the devices (a weight) or the devices with a label, and optionally its own conditions. */
    public record GroupRequest(
            @Inputs.Name
            @Schema(description = "Its name; its position (from 1) when omitted")
            String name,

            @Min(1) @Max(10_000)
            Integer share,

            @Inputs.Label
            String label,

            @Min(1) @Max(100)
            Integer successPercent,

            @Pattern(regexp = "next_group|wait", message = "next_group or wait")
            String successAction,

            @Min(1) @Max(100)
            Integer errorPercent) {
    }

    /** The hours in which the rollout offers its change, {@code opens} included, {@code closes} excluded. */
    public record WindowRequest(
            @NotNull
            @Pattern(regexp = "[0-2][0-9]:[0-5][0-9]", message = "HH:MM")
            String opens,

            @NotNull
            @Pattern(regexp = "[0-2][0-9]:[0-5][0-9]", message = "HH:MM")
            String closes,

            @Pattern(regexp = "[A-Za-z][A-Za-z0-9_+/-]{0,63}", message = "a time zone id such as Europe/Berlin")
            @Schema(description = "The zone of opens and closes; the tenant's time zone when omitted",
                    examples = "Europe/Berlin")
            String zone) {
    }
}
