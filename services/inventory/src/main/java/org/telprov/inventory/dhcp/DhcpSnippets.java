package org.telprov.inventory.dhcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ready-to-paste configuration for ISC dhcpd and Kea carrying a family's option values. Option 43 is vendor-specific,
 * so where it is sent the options sit in a client class matching the vendor's MAC prefix, as Kea requires for a raw
 * option 43 (an option definition of type binary in a class with a test, Kea ARM "DHCPv4 Private Options"); options
 * 66 and 67 alone go in whatever scope holds those phones.
 */
final class DhcpSnippets {

    /** Auerswald's OUI, the prefix of the Auerswald document's example MAC 00:09:52:00:00:0E. */
    static final String AUERSWALD_OUI = "00:09:52";

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DhcpSnippets() {
    }

    static String className(String tenant, DhcpFamily family) {
        return "telprov-" + tenant + "-" + family.id();
    }

    /** Statements for dhcpd.conf. */
    static String iscDhcpd(String tenant, DhcpFamily family, DhcpValues values) {
        List<String> statements = new ArrayList<>();
        statements.add("option tftp-server-name " + iscString(values.option66()) + ";");
        if (values.option67() != null) {
            statements.add("option bootfile-name " + iscString(values.option67()) + ";");
            // the BOOTP file field, which the Auerswald document's example sets
            statements.add("filename " + iscString(values.option67()) + ";");
        }
        StringBuilder out = new StringBuilder();
        out.append("# telprov tenant ").append(tenant).append(": ").append(family.title()).append(" phones\n");
        if (values.option43() == null) {
            out.append("# inside the subnet, pool, group or host declarations of those phones\n");
            statements.forEach(s -> out.append(s).append('\n'));
            return out.toString();
        }
        statements.add("option vendor-encapsulated-options " + values.option43() + ";");
        out.append("# option 43 is vendor-specific: only to MACs of the vendor's prefix (adjust the match if needed);\n");
        // a class inside a subnet still matches everywhere but inherits that subnet's options (dhcp-users list)
        out.append("# at the top level of dhcpd.conf, not inside a subnet\n");
        out.append("class \"").append(className(tenant, family)).append("\" {\n");
        out.append("  match if substring(hardware, 1, 3) = ").append(AUERSWALD_OUI).append(";\n");
        statements.forEach(s -> out.append("  ").append(s).append('\n'));
        return out.append("}\n").toString();
    }

    /** The members to merge into Kea's {@code Dhcp4} object. */
    static Map<String, Object> kea(String tenant, DhcpFamily family, DhcpValues values) {
        List<Map<String, Object>> data = new ArrayList<>();
        data.add(option("tftp-server-name", values.option66()));
        if (values.option67() != null) {
            data.add(option("boot-file-name", values.option67()));
        }
        if (values.option43() == null) {
            return Map.of("option-data", data);
        }
        Map<String, Object> raw43 = new LinkedHashMap<>();
        raw43.put("name", "vendor-encapsulated-options");
        raw43.put("code", 43);
        raw43.put("csv-format", false);
        raw43.put("data", values.option43());
        data.add(raw43);
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", "vendor-encapsulated-options");
        definition.put("code", 43);
        definition.put("type", "binary");
        Map<String, Object> clientClass = new LinkedHashMap<>();
        clientClass.put("name", className(tenant, family));
        clientClass.put("test", "substring(pkt4.mac, 0, 3) == 0x" + AUERSWALD_OUI.replace(":", ""));
        clientClass.put("option-def", List.of(definition));
        clientClass.put("option-data", data);
        return Map.of("client-classes", List.of(clientClass));
    }

    /** Everything of the answer as text, for a terminal. */
    static String text(DhcpOptionsView view) {
        StringBuilder out = new StringBuilder();
        out.append("# DHCP options for tenant ").append(view.tenant()).append(", family ").append(view.family())
                .append(" (").append(view.transport()).append(")\n");
        out.append("option 66: ").append(view.option66()).append('\n');
        out.append("option 67: ").append(view.option67() == null ? "-" : view.option67()).append('\n');
        out.append("option 43: ").append(view.option43() == null ? "-" : view.option43()).append('\n');
        out.append("the phone boots from: ").append(view.url()).append("\n\n");
        out.append("## ISC dhcpd\n").append(view.iscDhcpd()).append('\n');
        out.append("## Kea (members of Dhcp4)\n").append(pretty(view.kea())).append("\n\n");
        out.append("## Notes\n");
        view.notes().forEach(note -> out.append("- ").append(note).append('\n'));
        return out.toString();
    }

    private static Map<String, Object> option(String name, String value) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("name", name);
        // Kea splits string data at commas unless escaped (Kea ARM, "comma must be escaped with two backslashes")
        option.put("data", value.replace(",", "\\,"));
        return option;
    }

    private static String iscString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String pretty(Object json) {
        try {
            return PRETTY.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
