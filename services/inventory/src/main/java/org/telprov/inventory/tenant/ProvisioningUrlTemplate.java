package org.telprov.inventory.tenant;

import org.telprov.support.problem.ProblemException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks a tenant's provisioning URL template before it can reach a phone. */
final class ProvisioningUrlTemplate {

    private ProvisioningUrlTemplate() {
    }

    /**
     * Accepts absolute http(s) URLs with a host, no user info and no control characters, once the device markers are
     * replaced by sample values.
     */
    static void check(String template) {
        if (template.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw invalid("must not contain control characters");
        }
        String sample = template
                .replace("{mac_colons}", "90:1b:0e:56:c7:bc")
                .replace("{mac}", "901B0E56C7BC").replace("<MACADR>", "901B0E56C7BC").replace("%MACD", "901B0E56C7BC")
                .replace("{serial}", "SERIAL").replace("<SERIAL>", "SERIAL")
                .replace("{type}", "TYPE").replace("<HWTYP>", "TYPE");
        URI uri;
        try {
            uri = new URI(sample);
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("must be an absolute http or https URL");
        }
        if (uri.getHost() == null) {
            throw invalid("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("must not carry credentials");
        }
    }

    private static ProblemException invalid(String why) {
        return ProblemException.badRequest("invalid_url_template", "provisioningUrlTemplate " + why,
                "provisioningUrlTemplate");
    }
}
