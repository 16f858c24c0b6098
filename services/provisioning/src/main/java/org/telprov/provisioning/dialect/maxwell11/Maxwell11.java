package org.telprov.provisioning.dialect.maxwell11;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.DialectRules;
import org.telprov.provisioning.render.DeviceDialect;
import org.telprov.provisioning.render.CheckinFiles;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.FileNames;
import org.telprov.provisioning.render.XmlFile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gigaset Maxwell 1.1 ({@code maxwell-1.1}): {@code provisioning.xml} (also the directory's file), then
 * {@code credentials.xml} when the device gets credentials, then {@code <MAC>.xml} ({@link Maxwell11Files}).
 */
@ApplicationScoped
public class Maxwell11 implements DeviceDialect {

    public static final FileNames NAMES = new FileNames(List.of(Maxwell11Files.PROVISIONING),
            Set.of(Maxwell11Files.PROVISIONING), Set.of(Maxwell11Files.CREDENTIALS), Set.of(Maxwell11Files.DEVICE),
            Set.of(Maxwell11Files.CREDENTIALS));

    /** {@code <MAC>.xml} (checked in as {@code device.xml}) carries the release's UVC and settings; no firmware. */
    public static final CheckinFiles CHECKINS = new CheckinFiles(Maxwell11Files.DEVICE, null,
            Set.of(Maxwell11Files.PROVISIONING, Maxwell11Files.CREDENTIALS), Set.of(), null);

    private static final String XML = ".xml";

    private final Maxwell11Files files;

    public Maxwell11(Maxwell11Files files) {
        this.files = files;
    }

    @Override
    public Dialect dialect() {
        return Dialect.MAXWELL_11;
    }

    @Override
    public FileNames names() {
        return NAMES;
    }

    @Override
    public CheckinFiles checkins() {
        return CHECKINS;
    }

    /** The device file sets {@value Maxwell11Files#SETTINGS_VERSION} to the release's UVC itself. */
    @Override
    public void name(String name, String field) {
        if (name.equals(Maxwell11Files.SETTINGS_VERSION)) {
            throw DialectRules.invalid(Maxwell11Files.SETTINGS_VERSION + " is set to the release's UVC by the service",
                    field);
        }
    }

    @Override
    public Optional<DeviceFile> file(String mac, List<String> path, Instant now) {
        if (path.isEmpty() || path.size() == 1 && path.get(0).equals(Maxwell11Files.PROVISIONING)) {
            return Optional.of(files.provisioning());
        }
        String name = path.get(0);
        if (path.size() == 1 && name.length() > XML.length() && name.endsWith(XML)) {
            return files.device(mac, name.substring(0, name.length() - XML.length()));
        }
        return Optional.empty();
    }

    @Override
    public String valueText(String value) {
        return XmlFile.attributeText(value);
    }
}
