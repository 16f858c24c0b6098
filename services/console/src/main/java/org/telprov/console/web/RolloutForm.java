package org.telprov.console.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedMap;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The form that plans a release rollout, as typed: every value kept as text so that a refused form is shown again as
 * it was, and turned into the API's request without judging it. The API checks every rule and names the field it
 * refuses; {@link #controls} puts each message next to the control it came from.
 *
 * @param groupMode {@code count} ({@code groupCount} equal groups) or {@code shares} ({@code groups}: shares separated
 *                  by commas, one explicit group each)
 */
public record RolloutForm(String profile, String uvc, String groupMode, String groupCount, String groups,
                          String successPercent, String successAction, String errorPercent,
                          String confirmationMinutes, String windowOpens, String windowCloses, String windowZone,
                          String startAt, boolean approvalRequired) {

    /** A number JSON carries as one; anything else goes as text and the API words why it is no number. */
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,9}");

    /** The form as first shown: three equal groups, the conditions most rollouts start from. */
    public static RolloutForm defaults(String profile, String uvc) {
        return new RolloutForm(profile, uvc, "count", "3", "", "90", "next_group", "10", "30", "", "", "", "",
                false);
    }

    public static RolloutForm posted(String profile, MultivaluedMap<String, String> posted) {
        return new RolloutForm(profile, value(posted, "uvc"), "shares".equals(value(posted, "groupMode")) ? "shares"
                : "count", value(posted, "groupCount"), value(posted, "groups"), value(posted, "successPercent"),
                value(posted, "successAction"), value(posted, "errorPercent"), value(posted, "confirmationMinutes"),
                value(posted, "windowOpens"), value(posted, "windowCloses"), value(posted, "windowZone"),
                value(posted, "startAt"), "yes".equals(value(posted, "approvalRequired")));
    }

    public boolean byShares() {
        return "shares".equals(groupMode);
    }

    /** The API's request: only what the form names, the API's defaults for the rest. */
    public ObjectNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("kind", "release").put("profile", profile);
        text(body, "uvc", uvc);
        if (byShares()) {
            ArrayNode list = body.putArray("groups");
            for (String share : groups.split(",")) {
                if (!share.isBlank()) {
                    number(list.addObject(), "share", share);
                }
            }
        } else {
            number(body, "groupCount", groupCount);
        }
        number(body, "successPercent", successPercent);
        text(body, "successAction", successAction);
        number(body, "errorPercent", errorPercent);
        number(body, "confirmationMinutes", confirmationMinutes);
        if (!windowOpens.isBlank() || !windowCloses.isBlank()) {
            ObjectNode window = body.putObject("maintenanceWindow").put("opens", windowOpens)
                    .put("closes", windowCloses);
            text(window, "zone", windowZone);
        }
        text(body, "startAt", startAt);
        if (approvalRequired) {
            body.put("approvalRequired", true);
        }
        return body;
    }

    /**
     * The API's messages by field ({@code groups[2].share}, {@code maintenanceWindow.opens}) as messages by the form's
     * control that holds the value.
     */
    public static Map<String, String> controls(Map<String, String> apiFields) {
        Map<String, String> controls = new LinkedHashMap<>();
        apiFields.forEach((field, message) -> {
            String control = field.startsWith("groups") ? "groups"
                    : field.equals("maintenanceWindow.closes") ? "windowCloses"
                    : field.equals("maintenanceWindow.zone") ? "windowZone"
                    : field.startsWith("maintenanceWindow") ? "windowOpens"
                    : field;
            controls.merge(control, message, (a, b) -> a + "; " + b);
        });
        return controls;
    }

    private static String value(MultivaluedMap<String, String> posted, String name) {
        String value = posted.getFirst(name);
        return value == null ? "" : value.trim();
    }

    private static void text(ObjectNode node, String name, String value) {
        if (!value.isBlank()) {
            node.put(name, value);
        }
    }

    private static void number(ObjectNode node, String name, String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return;
        }
        if (NUMBER.matcher(trimmed).matches()) {
            node.put(name, Integer.parseInt(trimmed));
        } else {
            node.put(name, trimmed);
        }
    }
}
