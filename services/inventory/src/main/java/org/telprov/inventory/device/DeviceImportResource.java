package org.telprov.inventory.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.telprov.partner.Caller;
import org.telprov.partner.Roles;

import java.io.InputStream;

/** Bulk registration: up to 100,000 devices in one request, as CSV or a JSON array. */
@Path("/api/v1/devices/import")
@Tag(name = "Devices")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER_ADMIN)
public class DeviceImportResource {

    private final DeviceImportService imports;
    private final Caller caller;
    private final ObjectMapper mapper;

    public DeviceImportResource(DeviceImportService imports, Caller caller, ObjectMapper mapper) {
        this.imports = imports;
        this.caller = caller;
        this.mapper = mapper;
    }

    @POST
    @Consumes("text/csv")
    @Operation(summary = "Import devices from CSV",
            description = "Header: mac,vendor,model[,serial,profile,labels]; labels separated by ';'. Each row is "
                    + "claimed, updated or unchanged as a PUT of it would be; the answer lists rejected rows with their "
                    + "reasons. Re-running the same file changes nothing.")
    @APIResponse(responseCode = "400",
            description = "malformed_csv or invalid_csv_header: the file is not CSV, or its header lacks mac, "
                    + "vendor or model")
    @APIResponse(responseCode = "413",
            description = "too_many_rows or body_too_large: over the rows or bytes one import may carry")
    @APIResponse(responseCode = "200",
            description = "What each row did: claimed, updated, unchanged, or rejected with its reason")
    public ImportReport importCsv(InputStream body) {
        String tenant = caller.tenant();
        return imports.importRows(tenant, caller.principal(), ImportFiles.csv(body));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import devices from a JSON array", description = "Elements as for PUT /api/v1/devices/{mac}, with mac.")
    @APIResponse(responseCode = "400", description = "malformed_body: not a JSON array of device objects")
    @APIResponse(responseCode = "413",
            description = "too_many_rows or body_too_large: over the rows or bytes one import may carry")
    @APIResponse(responseCode = "200",
            description = "What each element did: claimed, updated, unchanged, or rejected with its reason")
    public ImportReport importJson(InputStream body) {
        String tenant = caller.tenant();
        return imports.importRows(tenant, caller.principal(), ImportFiles.json(body, mapper));
    }
}
