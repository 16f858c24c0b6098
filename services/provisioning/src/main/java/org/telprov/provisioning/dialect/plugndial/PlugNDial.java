package org.telprov.provisioning.dialect.plugndial;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.profile.DialectRules;
import org.telprov.provisioning.render.DeviceDialect;
import org.telprov.provisioning.render.CheckinFiles;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.FileNames;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plug-n-Dial ({@code plug-n-dial}): {@code <mac[0:4]>/<mac[4:8]>/<mac>.txt} (also the directory's file) and its
 * {@code .md5}, {@code firmware/<OEM>/<Model>/currentversion.txt} and the redirect to the image it names
 * ({@link PlugNDialFiles}). Values are written as {@code key="value"}, so none may contain a quote.
 */
@ApplicationScoped
public class PlugNDial implements DeviceDialect {

    public static final FileNames NAMES = new FileNames(
            List.of(PlugNDialFiles.CHECKSUM, PlugNDialFiles.CURRENT_VERSION),
            Set.of(PlugNDialFiles.CHECKSUM, PlugNDialFiles.CURRENT_VERSION, PlugNDialFiles.FIRMWARE_IMAGE),
            Set.of(), Set.of(PlugNDialFiles.CONFIG), Set.of(PlugNDialFiles.CONFIG));

    /**
     * The {@code .txt}, fetched only after the {@code .md5} it was served, confirms a release. The phone's requests do
     * not say which firmware it runs (it compares {@code currentversion.txt} with its own), so a complete download of
     * the image confirms it.
     */
    public static final CheckinFiles CHECKINS = new CheckinFiles(PlugNDialFiles.CONFIG, null,
            Set.of(PlugNDialFiles.CHECKSUM), Set.of(PlugNDialFiles.CURRENT_VERSION, PlugNDialFiles.FIRMWARE_IMAGE),
            null);

    private static final String FIRMWARE = "firmware";

    private final PlugNDialFiles files;

    public PlugNDial(PlugNDialFiles files) {
        this.files = files;
    }

    @Override
    public Dialect dialect() {
        return Dialect.PLUG_N_DIAL;
    }

    @Override
    public FileNames names() {
        return NAMES;
    }

    @Override
    public CheckinFiles checkins() {
        return CHECKINS;
    }

    @Override
    public boolean carriesFirmware() {
        return true;
    }

    @Override
    public boolean restrictsValues() {
        return true;
    }

    @Override
    public void value(String value, String field) {
        if (value.indexOf('"') >= 0) {
            throw DialectRules.invalid("a plug-n-dial value is written as key=\"value\" and cannot contain '\"'",
                    field);
        }
    }

    @Override
    public Optional<DeviceFile> file(String mac, List<String> path, Instant now) {
        if (path.isEmpty()) {
            return Optional.of(files.config());
        }
        if (path.size() == 3) {
            return files.configAt(mac, path.get(0), path.get(1), path.get(2));
        }
        if (path.size() == 4 && FIRMWARE.equals(path.get(0))) {
            String oem = path.get(1);
            String model = path.get(2);
            String name = path.get(3);
            if (PlugNDialFiles.CURRENT_VERSION.equals(name)) {
                return Optional.of(files.currentVersion(oem, model));
            }
            return Optional.of(DeviceFile.redirect(Dialect.PLUG_N_DIAL, PlugNDialFiles.FIRMWARE_IMAGE,
                    (device, content, firmware) -> files.imageLink(device, firmware, oem, model, name, now)));
        }
        return Optional.empty();
    }

    /** Written as it is between quotes, so a quote cannot be. */
    @Override
    public String valueText(String value) {
        return value.indexOf('"') >= 0 ? null : value;
    }
}
