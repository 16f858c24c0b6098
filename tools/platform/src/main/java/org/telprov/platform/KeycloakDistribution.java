package org.telprov.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The Keycloak server distribution under {@code <repoRoot>/.platform/tools}: the zip is fetched from Maven Central
 * by this module's build, and unpacked here once.
 */
final class KeycloakDistribution {

    private KeycloakDistribution() {
    }

    /** The unpacked installation, unpacking it first if needed. */
    static Path install(Path toolsDir) {
        String version = keycloakVersion();
        Path home = toolsDir.resolve("keycloak-" + version);
        if (Files.isDirectory(home)) {
            return home;
        }
        Path zip = toolsDir.resolve("keycloak-quarkus-dist-" + version + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new PlatformException("Keycloak " + version + " is missing: " + zip + " is fetched from Maven Central"
                    + " when tools/platform is built; run ./mvnw -DskipTests package");
        }
        // Two builds may start Keycloak for the first time at once (a developer's and a test's): one unpacks, the
        // other waits. Unpacking beside the target and renaming at the end means a killed unpack is never taken for
        // an installation.
        try (FileChannel lockFile = FileChannel.open(toolsDir.resolve(".keycloak-unpack.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            if (!Files.isDirectory(home)) {
                Path partial = toolsDir.resolve("keycloak-" + version + ".partial");
                Directories.deleteRecursively(partial);
                unzip(zip, partial);
                Files.move(partial.resolve("keycloak-" + version), home, StandardCopyOption.ATOMIC_MOVE);
                Directories.deleteRecursively(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
        }
        return home;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path destination = target.resolve(entry.getName()).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                    continue;
                }
                Files.createDirectories(destination.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, destination);
                }
                // java.util.zip does not restore Unix permissions; the launch scripts need their executable bit.
                if (entry.getName().endsWith(".sh")) {
                    destination.toFile().setExecutable(true, false);
                }
            }
        }
    }

    private static String keycloakVersion() {
        Properties properties = new Properties();
        try (InputStream in = KeycloakDistribution.class.getResourceAsStream("platform.properties")) {
            if (in == null) {
                throw new IllegalStateException("platform.properties missing from the launcher's classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read platform.properties", e);
        }
        return properties.getProperty("keycloak.version");
    }
}
