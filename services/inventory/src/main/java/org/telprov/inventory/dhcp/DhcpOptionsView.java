package org.telprov.inventory.dhcp;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The DHCP options that send a family's phones to a tenant's provisioning URL, and the server configuration. */
public record DhcpOptionsView(
        String tenant,
        @Schema(description = "maxwell-1.0, maxwell-1.1, auerswald or plug-n-dial") String family,
        @Schema(description = "http or tftp") String transport,
        @Schema(description = "What the phone puts together from the options, its markers still in") String url,
        @Schema(description = "Option 66 (TFTP server name): the URL's scheme and host, or the TFTP server")
        String option66,
        @Schema(description = "Option 67 (boot file name): the rest of the URL; null when the phone needs none",
                nullable = true) String option67,
        @Schema(description = "Option 43 as colon-separated hex: sub-option 0x42 carries option 66, 0x43 option 67, "
                + "each NUL-terminated; null for families that do not read it", nullable = true) String option43,
        @Schema(description = "Statements for dhcpd.conf") String iscDhcpd,
        @Schema(description = "Members to merge into Kea's Dhcp4 object (option-data, or a client class)")
        Map<String, Object> kea,
        @Schema(description = "What the family's phones expect and what to check") List<String> notes) {
}
