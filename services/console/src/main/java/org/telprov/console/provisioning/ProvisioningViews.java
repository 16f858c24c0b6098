package org.telprov.console.provisioning;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * The provisioning API's profiles and releases as the console reads them: the members the pages show, others ignored.
 * Secret parameters arrive without a value and are shown as such.
 */
public final class ProvisioningViews {

    private ProvisioningViews() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Profile(String tenantId, String name, String dialect, List<Parameter> parameters, Instant createdAt,
                          Instant updatedAt, String latestRelease) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Parameter(String name, String value, boolean secret) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Release(String profile, String uvc, String rolledBackFrom, JsonNode audience, Instant createdAt,
                          String createdBy, List<Warning> warnings) {

        /** Who gets the release, in words: every device of the profile unless it was staged. */
        public String audienceText() {
            String type = audience == null ? "all" : audience.path("type").asText("all");
            return switch (type) {
                case "percent" -> audience.path("percent").asText() + "% of the devices";
                case "label" -> "devices labelled " + audience.path("label").asText();
                case "rollout" -> "the devices its rollouts offered it";
                default -> "all devices";
            };
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Warning(String code, String detail) {
    }
}
