package org.telprov.phonesim.state;

import org.telprov.phonesim.Mac;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** One {@code <mac>.properties} file per phone in a directory, replaced atomically on save. */
public final class FileStateStore implements StateStore {

    private final Path dir;

    public FileStateStore(Path dir) {
        this.dir = dir;
    }

    @Override
    public PhoneState load(Mac mac) {
        Path file = file(mac);
        if (!Files.exists(file)) {
            return new PhoneState();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return new PhoneState(values);
    }

    @Override
    public void save(Mac mac, PhoneState state) {
        Path file = file(mac);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, mac.lower(), ".tmp");
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                // sorted, so the file reads well and diffs well
                for (Map.Entry<String, String> entry : state.values().entrySet()) {
                    out.write(escape(entry.getKey(), true) + "=" + escape(entry.getValue(), false) + "\n");
                }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private Path file(Mac mac) {
        return dir.resolve(mac.lower() + ".properties");
    }

    /** Properties escaping, UTF-8 kept as is (the file is read back as UTF-8). */
    private static String escape(String text, boolean key) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
