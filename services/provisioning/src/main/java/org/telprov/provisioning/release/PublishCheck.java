package org.telprov.provisioning.release;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.ProfileContent;
import org.telprov.provisioning.profile.SecretBox;
import org.telprov.provisioning.setting.EffectiveSettings;
import org.telprov.provisioning.profile.Template;
import org.telprov.support.problem.Problem;
import org.telprov.support.problem.ProblemException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether every device of a profile gets a value for every reference a content's templates make without a default
 * (docs/device-settings.md, "The publish check"): each {@code {{setting.<name>}}} through the device's layers, with the
 * profile layer the content's own, and {@code {{device.serial}}} from the device's serial. A device's override of a
 * parameter replaces the profile's value, so only the references of the values a device actually gets count.
 * The devices are read in one query from the {@code device} table (it has the serial the memory's table does not);
 * the settings come from memory.
 */
@ApplicationScoped
public class PublishCheck {

    /** How many unresolved devices a refused publish lists. */
    public static final int LISTED = 100;
    /** How a missing serial is named among the missing settings. */
    public static final String SERIAL = "device.serial";

    /** A device and what no layer gives it, settings by name and then {@link #SERIAL}. */
    public record Unresolved(String mac, List<String> missing) {
    }

    /**
     * The outcome of a check.
     *
     * @param devices    the profile's devices
     * @param unresolved how many of them lack a value
     * @param listed     the unresolved devices in MAC order from the offset asked for, at most the limit asked for
     */
    public record Result(long devices, long unresolved, List<Unresolved> listed) {
    }

    /** What a device's values need: setting names without default, in order of appearance, and a serial. */
    private record Needs(Set<String> settings, boolean serial) {

        static final Needs NONE = new Needs(Set.of(), false);

        boolean isEmpty() {
            return settings.isEmpty() && !serial;
        }

        static Needs of(List<Needs> all) {
            Set<String> settings = new LinkedHashSet<>();
            boolean serial = false;
            for (Needs needs : all) {
                settings.addAll(needs.settings);
                serial |= needs.serial;
            }
            return new Needs(settings, serial);
        }
    }

    private final AgroalDataSource dataSource;
    private final EffectiveSettings settings;
    private final SecretBox secrets;
    private final Timer timer;

    public PublishCheck(AgroalDataSource dataSource, EffectiveSettings settings, SecretBox secrets,
                        MeterRegistry registry) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.secrets = secrets;
        this.timer = Timer.builder("telprov.provisioning.publish.check")
                .description("checks of a profile's devices against the references of a content (publish, dry run)")
                .register(registry);
    }

    /**
     * Refuses publishing the content when a device of the profile lacks a value.
     *
     * @throws ProblemException 422 {@code unresolved_settings} with the first {@link #LISTED} devices and the total
     */
    public void require(String tenantId, String profile, ProfileContent content) {
        Result result = check(tenantId, profile, content, 0, LISTED, true);
        if (result.unresolved() > 0) {
            throw new ProblemException(Problem.of(422, "unresolved_settings", "Unresolved settings",
                            result.unresolved() + " of the profile's " + result.devices() + " devices lack a value the "
                                    + "release's templates refer to without a default (the first " + LISTED
                                    + " are listed)")
                    .with("devices", result.listed()).with("total", result.unresolved()));
        }
    }

    /**
     * Checks every device of the profile, listing the unresolved ones from {@code offset} on, at most {@code limit}.
     *
     * @param quick skip reading the devices when the content refers to nothing (then {@code devices} is 0)
     */
    public Result check(String tenantId, String profile, ProfileContent content, long offset, int limit,
                        boolean quick) {
        return timer.record(() -> {
            Map<String, Needs> byParameter = new LinkedHashMap<>();
            for (ProfileContent.Parameter parameter : content.parameters()) {
                byParameter.put(parameter.name(), needs(parameter));
            }
            Needs everyDevice = Needs.of(List.copyOf(byParameter.values()));
            Map<String, Needs> overridden = new HashMap<>();
            content.overrides().forEach((mac, overrides) -> overridden.put(mac, needs(byParameter, overrides)));
            if (quick && everyDevice.isEmpty() && overridden.values().stream().allMatch(Needs::isEmpty)) {
                return new Result(0, 0, List.of());
            }
            return scan(tenantId, profile, content, everyDevice, overridden, offset, limit);
        });
    }

    private Result scan(String tenantId, String profile, ProfileContent content, Needs everyDevice,
                        Map<String, Needs> overridden, long offset, int limit) {
        long devices = 0;
        long unresolved = 0;
        List<Unresolved> listed = new ArrayList<>(Math.min(limit, LISTED));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select mac, serial, labels from device "
                     + "where tenant_id = ? and profile = ? and not released order by mac")) {
            statement.setString(1, tenantId);
            statement.setString(2, profile);
            statement.setFetchSize(10_000);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    devices++;
                    String mac = rows.getString(1);
                    Needs needs = overridden.getOrDefault(mac, everyDevice);
                    if (needs.isEmpty()) {
                        continue;
                    }
                    List<String> missing = missing(tenantId, mac, rows.getString(2), rows.getString(3), content,
                            needs);
                    if (!missing.isEmpty()) {
                        if (unresolved >= offset && listed.size() < limit) {
                            listed.add(new Unresolved(mac, missing));
                        }
                        unresolved++;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the devices of profile " + profile + " failed", e);
        }
        return new Result(devices, unresolved, listed);
    }

    private List<String> missing(String tenantId, String mac, String serial, String labels, ProfileContent content,
                                 Needs needs) {
        List<String> missing = List.of();
        if (!needs.settings().isEmpty()) {
            EffectiveSettings.DeviceSettings layers = settings.of(tenantId, Long.parseLong(mac, 16),
                    labels == null || labels.isEmpty() ? List.of() : Arrays.asList(labels.split(",")), content.settings());
            for (String name : needs.settings()) {
                if (layers.find(name) == null) {
                    missing = add(missing, name);
                }
            }
        }
        if (needs.serial() && (serial == null || serial.isEmpty())) {
            missing = add(missing, SERIAL);
        }
        return missing;
    }

    private static List<String> add(List<String> missing, String name) {
        List<String> more = missing.isEmpty() ? new ArrayList<>(2) : missing;
        more.add(name);
        return more;
    }

    /** A device's needs: the profile's parameters, each replaced by the device's override of the same name. */
    private Needs needs(Map<String, Needs> byParameter, List<ProfileContent.Parameter> overrides) {
        Map<String, Needs> own = new LinkedHashMap<>(byParameter);
        for (ProfileContent.Parameter override : overrides) {
            own.put(override.name(), needs(override));
        }
        return Needs.of(List.copyOf(own.values()));
    }

    private Needs needs(ProfileContent.Parameter parameter) {
        String value = parameter.secret() ? secrets.open(parameter.value()) : parameter.value();
        // A value stored before templates existed that does not parse stays literal text: it needs nothing.
        Template template = Template.lenient(value).orElse(null);
        if (template == null) {
            return Needs.NONE;
        }
        Set<String> names = new LinkedHashSet<>();
        boolean serial = false;
        for (Template.Reference reference : template.references()) {
            if (reference.fallback() != null) {
                continue;
            }
            if (reference.source() == Template.Source.SETTING) {
                names.add(reference.name());
            } else if (reference.source() == Template.Source.DEVICE && reference.name().equals("serial")) {
                serial = true;
            }
        }
        return new Needs(names, serial);
    }
}
