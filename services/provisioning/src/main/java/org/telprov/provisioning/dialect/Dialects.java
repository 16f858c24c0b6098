package org.telprov.provisioning.dialect;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.dialect.auerswald.Auerswald;
import org.telprov.provisioning.dialect.maxwell10.Maxwell10;
import org.telprov.provisioning.dialect.maxwell11.Maxwell11;
import org.telprov.provisioning.dialect.plugndial.PlugNDial;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.render.CheckinFiles;
import org.telprov.provisioning.render.DeviceDialect;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.FileNames;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The dialects the service speaks, registered here and nowhere else (besides the stored id in {@link Dialect}): each
 * is a package below this one with a {@link DeviceDialect}. docs/device-files.md says how to add one.
 */
@ApplicationScoped
public class Dialects {

    /**
     * Every dialect's file names together, for the device-auth setting (validated without CDI) and the guard; the
     * order of {@code defaultPublic} is the order of registration.
     */
    public static final FileNames NAMES = FileNames.union(List.of(Maxwell10.NAMES, Maxwell11.NAMES, Auerswald.NAMES,
            PlugNDial.NAMES));

    /** Each dialect's check-in rules, for the rollout state machine (plain logic, without CDI). */
    private static final Map<Dialect, CheckinFiles> CHECKINS = checkins(Map.of(Dialect.MAXWELL_10, Maxwell10.CHECKINS,
            Dialect.MAXWELL_11, Maxwell11.CHECKINS, Dialect.AUERSWALD, Auerswald.CHECKINS,
            Dialect.PLUG_N_DIAL, PlugNDial.CHECKINS));

    private final List<DeviceDialect> all;

    public Dialects(Maxwell10 maxwell10, Maxwell11 maxwell11, Auerswald auerswald, PlugNDial plugNDial) {
        this.all = List.of(maxwell10, maxwell11, auerswald, plugNDial);
        for (Dialect dialect : Dialect.values()) {
            if (all.stream().filter(d -> d.dialect() == dialect).count() != 1) {
                throw new IllegalStateException("not exactly one registered package for the dialect " + dialect);
            }
        }
        for (DeviceDialect registered : all) {
            if (!registered.checkins().equals(CHECKINS.get(registered.dialect()))
                    || registered.carriesFirmware() != registered.checkins().receivesFirmware()) {
                throw new IllegalStateException("the check-in rules of " + registered.dialect()
                        + " disagree with its package");
            }
        }
    }

    /**
     * What the dialect's check-ins confirm.
     *
     * @throws IllegalStateException for a dialect without check-in rules
     */
    public static CheckinFiles checkins(Dialect dialect) {
        CheckinFiles checkins = CHECKINS.get(dialect);
        if (checkins == null) {
            throw new IllegalStateException("no check-in rules for the dialect " + dialect);
        }
        return checkins;
    }

    /** Every dialect's check-in rules, in the order of the {@link Dialect} constants. */
    public static Collection<CheckinFiles> allCheckins() {
        return CHECKINS.values();
    }

    /**
     * The file at the path for each dialect that has one there, decided from the path alone; empty when no dialect
     * has any (the empty 404 before any lookup).
     */
    public Map<Dialect, DeviceFile> files(String mac, List<String> path, Instant now) {
        Map<Dialect, DeviceFile> files = new EnumMap<>(Dialect.class);
        for (DeviceDialect dialect : all) {
            dialect.file(mac, path, now).ifPresent(file -> files.put(dialect.dialect(), file));
        }
        return files;
    }

    /** The registered package of the dialect. */
    public DeviceDialect of(Dialect dialect) {
        for (DeviceDialect registered : all) {
            if (registered.dialect() == dialect) {
                return registered;
            }
        }
        throw new IllegalStateException("no package for the dialect " + dialect);
    }

    public List<DeviceDialect> all() {
        return all;
    }

    private static Map<Dialect, CheckinFiles> checkins(Map<Dialect, CheckinFiles> given) {
        return Collections.unmodifiableMap(new EnumMap<>(given));
    }
}
