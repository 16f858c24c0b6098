package org.telprov.provisioning.tftp;

import jakarta.enterprise.context.ApplicationScoped;
import org.telprov.provisioning.auth.DeviceAuthService;
import org.telprov.provisioning.dialect.Dialects;
import org.telprov.provisioning.file.DeviceFiles;
import org.telprov.provisioning.profile.Dialect;
import org.telprov.provisioning.render.DeviceFile;
import org.telprov.provisioning.render.DeviceUrls;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps a TFTP file name to the device file HTTP serves at the same path, and serves it through the same
 * {@link DeviceFiles} (release lookup, rendering and render cache, probing budget) when the device's tenant lets TFTP
 * serve its dialect. Names: Plug-n-Dial's {@code <mac[0:4]>/<mac[4:8]>/<mac>.txt} and {@code .md5}, and for every
 * dialect the HTTP path below {@code /prov/}, {@code <mac>/<file>}, with or without {@code /prov/} before it.
 */
@ApplicationScoped
public class TftpFiles {

    /** A Plug-n-Dial file names the MAC in its last segment, as its TFTP servers lay the files out. */
    private static final Pattern PLUG_N_DIAL = Pattern.compile("[0-9a-f]{12}\\.(txt|md5)");
    private static final String PROV = DeviceUrls.PATH.substring(1);

    /** The device and the file of each dialect a name points at. */
    record Located(String mac, String uvc, Map<Dialect, DeviceFile> files) {
    }

    private final Dialects dialects;
    private final DeviceFiles files;
    private final DeviceAuthService settings;

    public TftpFiles(Dialects dialects, DeviceFiles files, DeviceAuthService settings) {
        this.dialects = dialects;
        this.files = files;
        this.settings = settings;
    }

    /**
     * What the file name points at, decided from the name alone as HTTP decides from the path; null when no dialect
     * has a file there. Segments are not percent-decoded (a TFTP name is not a URL); an empty, {@code .} or {@code ..}
     * segment names nothing, as a directory does not.
     */
    Located locate(String fileName, Instant now) {
        String name = fileName.startsWith("/") ? fileName.substring(1) : fileName;
        List<String> segments = Arrays.asList(name.split("/", -1));
        if (segments.get(0).equals(PROV)) {
            segments = segments.subList(1, segments.size());
        }
        if (segments.size() < 2 || segments.stream().anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
            return null;
        }
        String mac;
        List<String> below;
        if (segments.size() == 3 && PLUG_N_DIAL.matcher(segments.get(2)).matches()) {
            mac = segments.get(2).substring(0, 12);
            below = segments;
        } else {
            mac = segments.get(0);
            below = segments.subList(1, segments.size());
        }
        Map<Dialect, DeviceFile> named = dialects.files(mac, below, now);
        if (named.isEmpty()) {
            return null;
        }
        // as over HTTP: dialects that name a file at the same path agree on the release it is of
        String uvc = named.values().stream().map(DeviceFile::uvc).filter(u -> u != null).findFirst().orElse(null);
        return new Located(mac, uvc, named);
    }

    /**
     * The answer HTTP would give the located file without Digest, when the device's tenant lets TFTP serve its
     * dialect, else the empty 404; may read the database (a worker thread).
     */
    DeviceFiles.Delivery deliver(Located located, String source) {
        return files.deliver(located.mac(), located.uvc(), source, located.files(),
                (tenant, dialect) -> settings.current(tenant).servesOverTftp(dialect));
    }
}
