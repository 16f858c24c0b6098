package org.telprov.provisioning.dialect.maxwell10;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.render.DeviceDialect;
import org.telprov.provisioning.render.CheckinFiles;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.FileNames;
import org.telprov.provisioning.render.XmlFile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gigaset Maxwell 1.0 ({@code maxwell-1.0}): {@code provisioning.xml} (also the directory's file), a category's
 * {@code updates.xml}, then {@code nvm/<uvc>/…} and {@code custom/<uvc>/…} under the UVC step 2 named
 * ({@link MaxwellFiles}). Its profiles may carry certificates and firmware.
 */
@ApplicationScoped
public class Maxwell10 implements DeviceDialect {

    private static final List<String> UPDATES = List.of(MaxwellFiles.FIRMWARE + "/" + MaxwellFiles.UPDATES,
            MaxwellFiles.NVM + "/" + MaxwellFiles.UPDATES, MaxwellFiles.CUSTOM + "/" + MaxwellFiles.UPDATES);
    private static final String CREDENTIALS = MaxwellFiles.NVM + "/" + MaxwellFiles.CREDENTIALS;

    public static final FileNames NAMES = new FileNames(
            List.of(MaxwellFiles.PROVISIONING, UPDATES.get(0), UPDATES.get(1), UPDATES.get(2)),
            Set.of(MaxwellFiles.PROVISIONING, UPDATES.get(0), UPDATES.get(1), UPDATES.get(2)),
            Set.of(CREDENTIALS), Set.of(MaxwellFiles.NVM + "/" + MaxwellFiles.SETTINGS), Set.of(CREDENTIALS));

    /**
     * Step 3's settings confirm a release; a release giving the device only its credentials has no settings file, so
     * its {@code credentials.xml} confirms it. The User-Agent, {@code Gigaset <model>/<version>;<MAC>}, names the
     * firmware the phone runs.
     */
    public static final CheckinFiles CHECKINS = new CheckinFiles(MaxwellFiles.NVM + "/" + MaxwellFiles.SETTINGS,
            CREDENTIALS, Set.of(MaxwellFiles.PROVISIONING, UPDATES.get(1), UPDATES.get(2), CREDENTIALS,
            MaxwellFiles.CUSTOM + "/*.pem"), Set.of(UPDATES.get(0)), Pattern.compile("^Gigaset [^/]+/([^;\\s]+)"));

    private final MaxwellFiles files;

    public Maxwell10(MaxwellFiles files) {
        this.files = files;
    }

    @Override
    public Dialect dialect() {
        return Dialect.MAXWELL_10;
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
    public boolean carriesCertificates() {
        return true;
    }

    @Override
    public boolean carriesFirmware() {
        return true;
    }

    @Override
    public Optional<DeviceFile> file(String mac, List<String> path, Instant now) {
        if (path.isEmpty() || path.size() == 1 && path.get(0).equals(MaxwellFiles.PROVISIONING)) {
            return Optional.of(files.provisioning());
        }
        String first = path.get(0);
        if (path.size() == 2 && MaxwellFiles.UPDATES.equals(path.get(1)) && (MaxwellFiles.FIRMWARE.equals(first)
                || MaxwellFiles.NVM.equals(first) || MaxwellFiles.CUSTOM.equals(first))) {
            return Optional.of(files.updates(first, now));
        }
        if (path.size() == 3 && MaxwellFiles.NVM.equals(first)
                && (MaxwellFiles.SETTINGS.equals(path.get(2)) || MaxwellFiles.CREDENTIALS.equals(path.get(2)))) {
            return Optional.of(files.nvm(path.get(2)).underUvc(path.get(1)));
        }
        if (path.size() == 3 && MaxwellFiles.CUSTOM.equals(first)) {
            return Optional.of(files.certificate(path.get(2)).underUvc(path.get(1)));
        }
        return Optional.empty();
    }

    @Override
    public String valueText(String value) {
        return XmlFile.attributeText(value);
    }
}
