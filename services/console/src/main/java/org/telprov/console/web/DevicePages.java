package org.telprov.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.telprov.console.ConsoleConfig;
import org.telprov.console.api.ApiProblem;
import org.telprov.console.inventory.InventoryApi;
import org.telprov.console.inventory.InventoryViews;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The partner's device pages: the searchable list, registering one device, a bulk CSV import with its rejection report,
 * one device's detail, moving it to a profile and releasing it. Every call goes to the inventory API with the person's
 * token; what it refuses is shown as it words it.
 */
@Path("/devices")
@Produces(MediaType.TEXT_HTML)
public class DevicePages {

    /** The sort keys the inventory API accepts, in the order the sort menu offers them. */
    static final List<String> SORTS = List.of("mac", "model", "lastSeen", "createdAt", "updatedAt");
    private static final Set<String> ORDERS = Set.of("asc", "desc");
    /** Last seen: seen in the last 24 hours, seen before but not since, or never (the API's neverSeen). */
    static final String SEEN_RECENTLY = "24h";
    static final String SEEN_NOT_RECENTLY = "quiet";
    static final String SEEN_NEVER = "never";
    private static final Set<String> SEEN = Set.of(SEEN_RECENTLY, SEEN_NOT_RECENTLY, SEEN_NEVER);
    private static final Duration RECENTLY = Duration.ofHours(24);
    /** Check-ins and audit entries on a device's page: the newest, not the whole history. */
    private static final int HISTORY = 20;

    @CheckedTemplate(requireTypeSafeExpressions = false)
    static class Templates {
        static native TemplateInstance list(Viewer viewer, Search search,
                                            InventoryViews.Page<InventoryViews.Device> page, List<String> sorts,
                                            List<InventoryViews.Tenant> tenants, String error, String notice);

        static native TemplateInstance register(Viewer viewer, Form form, String error,
                                                Map<String, String> fieldErrors);

        static native TemplateInstance importing(Viewer viewer, InventoryViews.ImportReport report, String fileName,
                                                 String error);

        static native TemplateInstance detail(Viewer viewer, InventoryViews.Device device,
                                              InventoryViews.Page<InventoryViews.Checkin> checkins,
                                              InventoryViews.Page<InventoryViews.AuditEntry> audit, String error,
                                              String notice, Map<String, String> fieldErrors);
    }

    /** The device list's search as the form and the paging links carry it; a tenant only for the operator. */
    public record Search(String macPrefix, String model, String label, String seen, String sort, String order,
                         int page, String tenant) {

        /** The query string of this search on another page, for the paging links. */
        public String query(int otherPage) {
            StringBuilder query = new StringBuilder("?page=").append(otherPage);
            append(query, "macPrefix", macPrefix);
            append(query, "model", model);
            append(query, "label", label);
            append(query, "seen", seen);
            append(query, "sort", sort);
            append(query, "order", order);
            append(query, "tenant", tenant);
            return query.toString();
        }

        private static void append(StringBuilder query, String name, String value) {
            if (value != null && !value.isBlank()) {
                query.append('&').append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
    }

    /** The register form's values, kept to fill the form again when the API refuses them. */
    public record Form(String mac, String vendor, String model, String serial, String profile, String labels) {
    }

    private final InventoryApi inventory;
    private final Viewer viewer;
    private final ConsoleConfig config;

    public DevicePages(@RestClient InventoryApi inventory, Viewer viewer, ConsoleConfig config) {
        this.inventory = inventory;
        this.viewer = viewer;
        this.config = config;
    }

    @GET
    public TemplateInstance list(@QueryParam("macPrefix") String macPrefix, @QueryParam("model") String model,
                                 @QueryParam("label") String label, @QueryParam("seen") String seen,
                                 @QueryParam("sort") String sort, @QueryParam("order") String order,
                                 @QueryParam("page") Integer page, @QueryParam("released") String released,
                                 @QueryParam("tenant") String tenant) {
        Search search = new Search(trim(macPrefix), trim(model), trim(label),
                seen != null && SEEN.contains(seen) ? seen : null,
                sort != null && SORTS.contains(sort) ? sort : "mac",
                order != null && ORDERS.contains(order) ? order : "asc",
                page == null || page < 0 ? 0 : page, viewer.operator() ? trim(tenant) : null);
        List<InventoryViews.Tenant> tenants = tenantsToNarrowBy(inventory, viewer);
        String notice = released == null ? null : "Device " + released + " released: its MAC can be claimed again.";
        String since = Instant.now().minus(RECENTLY).toString();
        try {
            InventoryViews.Page<InventoryViews.Device> devices = inventory.devices(search.macPrefix(), search.model(),
                    search.label(), SEEN_RECENTLY.equals(search.seen()) ? since : null,
                    SEEN_NOT_RECENTLY.equals(search.seen()) ? since : null,
                    SEEN_NEVER.equals(search.seen()) ? Boolean.TRUE : null, search.sort(), search.order(),
                    search.page(), config.pageSize(), search.tenant());
            return Templates.list(viewer, search, devices, SORTS, tenants, null, notice);
        } catch (ApiProblem problem) {
            return Templates.list(viewer, search, null, SORTS, tenants, problem.message(), notice);
        }
    }

    @GET
    @Path("/new")
    public TemplateInstance registerForm() {
        return Templates.register(viewer, new Form("", "", "", "", "", ""), null, Map.of());
    }

    @POST
    @Path("/new")
    public Object register(@RestForm String mac, @RestForm String vendor, @RestForm String model,
                           @RestForm String serial, @RestForm String profile, @RestForm String labels) {
        Form form = new Form(mac, vendor, model, serial, profile, labels);
        try {
            InventoryViews.Device device = inventory.register(new InventoryViews.Registration(trim(mac), trim(vendor),
                    trim(model), trim(serial), trim(profile), labels(labels)));
            // after a POST, a redirect: reloading the device's page must not register it again
            return Response.seeOther(URI.create("/devices/" + device.mac())).build();
        } catch (ApiProblem problem) {
            // 200, not the API's 4xx: the page is a form to correct, and browsers log a 4xx page as a console error
            return Templates.register(viewer, form, problem.message(), problem.fieldMessages());
        }
    }

    @GET
    @Path("/import")
    public TemplateInstance importForm() {
        return Templates.importing(viewer, null, null, null);
    }

    @POST
    @Path("/import")
    public TemplateInstance importCsv(@RestForm("file") FileUpload file) {
        if (file == null || file.size() == 0) {
            return Templates.importing(viewer, null, null, "Choose a CSV file to import.");
        }
        long max = config.importMaxSize().asLongValue();
        if (file.size() > max) {
            // read whole into memory below: what the inventory API would refuse is not (UploadLimits refuses most first)
            return Templates.importing(viewer, null, file.fileName(), "The file has " + Formats.bytes(file.size())
                    + "; the inventory API imports files of at most " + Formats.bytes(max) + ".");
        }
        try {
            byte[] csv = Files.readAllBytes(file.uploadedFile());
            return Templates.importing(viewer, inventory.importCsv(csv), file.fileName(), null);
        } catch (ApiProblem problem) {
            return Templates.importing(viewer, null, file.fileName(), problem.message());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
    }

    @GET
    @Path("/{mac}")
    public TemplateInstance detail(@PathParam("mac") String mac, @QueryParam("moved") String moved) {
        String notice = moved == null ? null
                : moved.isBlank() ? "Device moved to no profile." : "Device moved to profile " + moved + ".";
        return detail(mac, null, notice, Map.of());
    }

    @POST
    @Path("/{mac}/profile")
    public Object move(@PathParam("mac") String mac, @RestForm String profile) {
        try {
            InventoryViews.Device device = inventory.move(mac, new InventoryViews.Move(trim(profile)));
            String moved = device.profile() == null ? "" : device.profile();
            return Response.seeOther(UriBuilder.fromPath("/devices/{mac}").queryParam("moved", moved)
                    .build(device.mac())).build();
        } catch (ApiProblem problem) {
            return detail(mac, problem.message(), null, problem.fieldMessages());
        }
    }

    /** Releasing cannot be undone by the tenant once another claims the MAC: the form asks for a confirmation. */
    @POST
    @Path("/{mac}/release")
    public Object release(@PathParam("mac") String mac, @RestForm String confirm) {
        if (!"yes".equals(confirm)) {
            return detail(mac, "Tick the box to confirm the release.", null, Map.of("confirm", "required"));
        }
        try {
            inventory.release(mac);
            return Response.seeOther(UriBuilder.fromPath("/devices").queryParam("released", mac).build()).build();
        } catch (ApiProblem problem) {
            return detail(mac, problem.message(), null, Map.of());
        }
    }

    private TemplateInstance detail(String mac, String error, String notice, Map<String, String> fieldErrors) {
        try {
            InventoryViews.Device device = inventory.device(mac);
            return Templates.detail(viewer, device, inventory.checkins(device.mac(), 0, HISTORY),
                    inventory.audit(device.mac(), 0, HISTORY, null), error, notice, fieldErrors);
        } catch (ApiProblem problem) {
            String message = problem.status() == 404 ? "No device " + mac + " in your tenant." : problem.message();
            return Templates.detail(viewer, null, null, null, message, null, Map.of());
        }
    }

    /** The tenants the operator may narrow a list to; none for a partner, whose lists are its tenant's anyway. */
    static List<InventoryViews.Tenant> tenantsToNarrowBy(InventoryApi inventory, Viewer viewer) {
        if (!viewer.operator()) {
            return null;
        }
        try {
            return inventory.tenants();
        } catch (ApiProblem problem) {
            return List.of();
        }
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Labels as typed: separated by commas, semicolons or spaces. */
    static List<String> labels(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,;\\s]+")).filter(label -> !label.isBlank()).distinct().toList();
    }
}
