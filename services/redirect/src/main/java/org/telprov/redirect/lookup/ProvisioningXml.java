package org.telprov.redirect.lookup;

/**
 * The answer for families configured with {@code answer=xml}, for phones that read their provisioning server from a
 * document instead of following a redirect:
 * {@code <?xml version="1.0" encoding="UTF-8"?><provisioning><url>https://…</url></provisioning>}.
 */
final class ProvisioningXml {

    private ProvisioningXml() {
    }

    static String of(String url) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<provisioning><url>" + escape(url)
                + "</url></provisioning>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&apos;");
    }
}
