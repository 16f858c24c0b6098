package org.telprov.inventory.dhcp;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.inventory.InventoryConfig;
import org.telprov.inventory.tenant.TenantService;
import org.telprov.inventory.tenant.TenantView;
import org.telprov.support.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Works out the DHCP options and server configuration that send a family's phones to a tenant's provisioning URL. */
@ApplicationScoped
public class DhcpOptionsService {

    private final TenantService tenants;
    private final InventoryConfig config;

    public DhcpOptionsService(TenantService tenants, InventoryConfig config) {
        this.tenants = tenants;
        this.config = config;
    }

    /**
     * @param scope     the caller's tenant for a partner, empty for the operator: another tenant answers as unknown
     * @param transport {@code http} or {@code tftp}; null for the family's default (TFTP for Plug-n-Dial)
     * @throws ProblemException 404 for an unknown tenant (or another tenant's) or family, 400 for a bad transport,
     *                          422 when the tenant's URL cannot be put in the family's options
     */
    public DhcpOptionsView options(Optional<String> scope, String tenantId, String familyId, String transport) {
        DhcpFamily family = DhcpFamily.of(familyId)
                .orElseThrow(() -> ProblemException.notFound("phone family " + familyId));
        DhcpValues.Transport chosen = transport(family, transport);
        // a partner asking for another tenant hears what it would hear of an unknown one
        boolean visible = scope.map(tenantId::equals).orElse(true);
        TenantView tenant = (visible ? tenants.find(tenantId) : Optional.<TenantView>empty())
                .orElseThrow(() -> ProblemException.notFound("tenant " + tenantId));
        DhcpValues values = DhcpValues.of(tenant.provisioningUrlTemplate(), family, chosen,
                config.dhcp().tftpServer());
        List<String> notes = new ArrayList<>(notes(family, chosen));
        notes.addAll(values.notes());
        return new DhcpOptionsView(tenant.id(), family.id(), chosen.id(), values.url(), values.option66(),
                values.option67(), values.option43(), DhcpSnippets.iscDhcpd(tenant.id(), family, values),
                DhcpSnippets.kea(tenant.id(), family, values), List.copyOf(notes));
    }

    private static DhcpValues.Transport transport(DhcpFamily family, String transport) {
        if (transport == null) {
            return family.bootsOverTftp() ? DhcpValues.Transport.TFTP : DhcpValues.Transport.HTTP;
        }
        if (transport.equals("http")) {
            return DhcpValues.Transport.HTTP;
        }
        if (!transport.equals("tftp")) {
            throw ProblemException.badRequest("invalid_parameter", "transport must be http or tftp", "transport");
        }
        if (!family.bootsOverTftp()) {
            throw ProblemException.badRequest("invalid_parameter", "transport tftp: only Plug-n-Dial phones name "
                    + "their files over TFTP themselves; " + family.title() + " phones need http", "transport");
        }
        return DhcpValues.Transport.TFTP;
    }

    private static List<String> notes(DhcpFamily family, DhcpValues.Transport transport) {
        return switch (family) {
            case MAXWELL_10, MAXWELL_11 -> List.of(
                    "The Gigaset documents describe no DHCP options (the Gigaset redirect service is their way): "
                            + "these values assume the phone joins options 66 and 67 as the Auerswald document "
                            + "describes and fills in %MACD, the only Gigaset marker; not tried on hardware.",
                    family == DhcpFamily.MAXWELL_10
                            ? "A URL naming a directory: the phone loads provisioning.xml from it."
                            : "The URL names the first file of the chain (the device's directory answers "
                                    + "provisioning.xml).");
            case AUERSWALD -> List.of(
                    "The phone joins options 66 and 67 with a / where missing, or reads both from option 43 "
                            + "(sub-options 0x42 and 0x43, each NUL-terminated), and fills in its markers "
                            + "(<MACADR>/{mac}, <SERIAL>/{serial}, <HWTYP>/{type}).",
                    "The class matches the MAC prefix " + DhcpSnippets.AUERSWALD_OUI + " of the vendor's example; "
                            + "change the match if the phones have another.");
            case PLUG_N_DIAL -> transport == DhcpValues.Transport.TFTP
                    ? List.of("Over TFTP the phone fetches <mac[0:4]>/<mac[4:8]>/<mac>.md5 and .txt from the server "
                                    + "in option 66 (port 69). The tenant must list plug-n-dial in tftpDialects "
                                    + "(PUT /api/v1/device-auth on the provisioning service), otherwise every request "
                                    + "gets TFTP error 1; TFTP has no authentication (docs/device-files.md#tftp).",
                            "firmware/<OEM>/<Model>/currentversion.txt names no MAC, so it is not served over "
                                    + "TFTP: firmware updates need HTTP.")
                    : List.of("Over HTTP the phone appends <mac[0:4]>/<mac[4:8]>/<mac>.md5 and .txt to the URL, "
                            + "which therefore holds no marker.");
        };
    }
}
