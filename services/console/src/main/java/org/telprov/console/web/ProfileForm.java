package org.telprov.console.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MultivaluedMap;
import org.telprov.console.provisioning.ProvisioningViews;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The profile form as typed: a name, a dialect and rows of parameters. It never holds a secret's value to render:
 * a stored secret's row has an empty value field, and a secret typed into a refused form is not shown again. What it
 * sends the API is what was typed; a secret row left empty goes without a value, which the API reads as "keep the
 * stored one" (or refuses, next to that row, when there is none).
 *
 * @param rows  the parameter rows in form order, empty ones included (for adding)
 */
public record ProfileForm(String name, String dialect, List<Row> rows) {

    /** Empty rows a form offers for new parameters. */
    static final int SPARE_ROWS = 3;

    private static final Pattern ROW_FIELD = Pattern.compile("parameters\\[(\\d+)]\\.(name|value|secret)");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * One parameter row. A secret row's {@code value} is what was just typed, to send; the page never renders it.
     *
     * @param stored whether the API holds a secret value under this name, which an empty field keeps
     */
    public record Row(int index, String name, String value, boolean secret, boolean stored) {

        /** The id of the row's name control, under which the API's field error for it is kept. */
        public String nameId() {
            return "p" + index + "-name";
        }

        public String valueId() {
            return "p" + index + "-value";
        }
    }

    static ProfileForm empty() {
        return new ProfileForm("", ProvisioningViews.DIALECTS.get(0), spare(List.of(), 5));
    }

    /** The form for the profile as stored: its parameters, secrets without values, then spare rows. */
    static ProfileForm of(ProvisioningViews.Profile profile) {
        List<Row> rows = new ArrayList<>();
        for (ProvisioningViews.Parameter p : profile.parameters()) {
            rows.add(new Row(rows.size(), p.name(), p.secret() ? null : p.value(), p.secret(), p.secret()));
        }
        return new ProfileForm(profile.name(), profile.dialect(), spare(rows, SPARE_ROWS));
    }

    /** The form as posted: {@code rows} rows named {@code p<i>-name}, {@code p<i>-value}, {@code p<i>-secret}... */
    static ProfileForm posted(MultivaluedMap<String, String> form) {
        int count;
        try {
            count = Math.min(Integer.parseInt(form.getFirst("rows")), 5000);
        } catch (NumberFormatException | NullPointerException e) {
            count = 0;
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (form.getFirst("p" + i + "-remove") != null) {
                continue;
            }
            boolean secret = form.getFirst("p" + i + "-secret") != null;
            String value = form.getFirst("p" + i + "-value");
            rows.add(new Row(rows.size(), text(form.getFirst("p" + i + "-name")).trim(), text(value),
                    secret, "true".equals(form.getFirst("p" + i + "-stored"))));
        }
        return new ProfileForm(text(form.getFirst("name")).trim(), text(form.getFirst("dialect")).trim(), rows);
    }

    /**
     * The form to show again after the API refused it: the same rows, every secret's typed value dropped, and spare
     * rows if there are none left.
     */
    ProfileForm shownAgain() {
        List<Row> shown = rows.stream().map(r -> new Row(r.index(), r.name(), r.secret() ? null : r.value(),
                r.secret(), r.stored())).toList();
        boolean spareLeft = shown.stream().anyMatch(r -> r.name().isEmpty());
        return new ProfileForm(name, dialect, spareLeft ? shown : spare(shown, SPARE_ROWS));
    }

    /** The rows that name a parameter, in order: what is sent as {@code parameters}. */
    private List<Row> sent() {
        return rows.stream().filter(r -> !r.name().isEmpty() || (r.value() != null && !r.value().isEmpty())).toList();
    }

    /**
     * The {@code parameters} array for the API: secret rows without a typed value go without one, so the API keeps
     * the stored value.
     */
    ArrayNode parameters() {
        ArrayNode parameters = JSON.arrayNode();
        for (Row row : sent()) {
            ObjectNode parameter = parameters.addObject().put("name", row.name());
            if (row.value() != null && !(row.secret() && row.value().isEmpty())) {
                parameter.put("value", row.value());
            }
            if (row.secret()) {
                parameter.put("secret", true);
            }
        }
        return parameters;
    }

    /**
     * The API's field errors by the form's control ids: {@code parameters[2].value} names the third row sent, which
     * is the form's row that many named rows in; the rest keep their names.
     */
    Map<String, String> controls(Map<String, String> fieldMessages) {
        List<Row> sent = sent();
        Map<String, String> controls = new HashMap<>();
        fieldMessages.forEach((field, message) -> {
            Matcher row = ROW_FIELD.matcher(field);
            if (row.matches() && Integer.parseInt(row.group(1)) < sent.size()) {
                controls.put("p" + sent.get(Integer.parseInt(row.group(1))).index() + "-" + row.group(2), message);
            } else {
                controls.put(field, message);
            }
        });
        return controls;
    }

    private static List<Row> spare(List<Row> rows, int count) {
        List<Row> all = new ArrayList<>(rows);
        for (int i = 0; i < count; i++) {
            all.add(new Row(all.size(), "", "", false, false));
        }
        return all;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
