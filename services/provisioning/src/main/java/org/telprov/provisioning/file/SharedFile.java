package org.telprov.provisioning.file;

import org.telprov.events.MacAddress;
import org.telprov.provisioning.render.RenderedFile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A file rendered once for every device of a release that has no overrides: its bytes cut where the device's own
 * parts go (its MAC in the forms files carry it, its version, its templated values), so answering a device is copying
 * the pieces around its parts rather than keeping a rendered copy per device. The ETag is the template's when nothing
 * of the device is in it (equal bytes, equal tag), else derived from the template's tag and the device's parts.
 */
final class SharedFile {

    /** How a MAC is written into a file. */
    enum Form {
        LOWER, UPPER, COLONS;

        byte[] of(MacAddress mac) {
            String text = switch (this) {
                case LOWER -> mac.toString();
                case UPPER -> mac.upperCase();
                case COLONS -> mac.colonSeparated();
            };
            return text.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** A gap's code: a {@link Form}'s ordinal, {@link #VERSION}, or {@link #VALUE} plus the value's index. */
    private static final int VERSION = Form.values().length;
    private static final int VALUE = VERSION + 1;

    /**
     * What one render put into the device's places: the placeholders the cut looks for.
     *
     * @param version the version it rendered ({@code null} when the file cannot name one)
     * @param values  the placeholder of each templated value, by index
     */
    record Placeholders(MacAddress mac, String version, List<String> values) {
    }

    /**
     * A device's own parts, to fill the gaps with.
     *
     * @param values each templated value already written as the dialect writes it, by index
     */
    record Parts(MacAddress mac, String version, List<String> values) {
    }

    private final byte[][] pieces;
    private final int[] gaps;
    private final String contentType;
    private final String etag;
    private final int piecesLength;

    private SharedFile(byte[][] pieces, int[] gaps, String contentType, String etag) {
        this.pieces = pieces;
        this.gaps = gaps;
        this.contentType = contentType;
        this.etag = etag;
        this.piecesLength = Arrays.stream(pieces).mapToInt(p -> p.length).sum();
    }

    /**
     * The shared form of a file, from two renders for two sets of placeholders: present only when both cut into the
     * same pieces, i.e. the device's parts enter the file as text and nothing else about them does (a signed link
     * depends on the MAC in other ways, an MD5 sum on everything, so such files are not shared).
     */
    static Optional<SharedFile> of(RenderedFile first, Placeholders firstParts, RenderedFile second,
                                   Placeholders secondParts) {
        SharedFile a = cut(first, firstParts);
        SharedFile b = cut(second, secondParts);
        if (!a.contentType.equals(b.contentType) || !Arrays.equals(a.gaps, b.gaps)
                || a.pieces.length != b.pieces.length) {
            return Optional.empty();
        }
        for (int i = 0; i < a.pieces.length; i++) {
            if (!Arrays.equals(a.pieces[i], b.pieces[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(a);
    }

    private static SharedFile cut(RenderedFile file, Placeholders placeholders) {
        byte[] body = file.body();
        List<byte[]> needles = new ArrayList<>();
        for (Form form : Form.values()) {
            needles.add(form.of(placeholders.mac()));
        }
        needles.add(placeholders.version() == null ? null : placeholders.version().getBytes(StandardCharsets.UTF_8));
        for (String value : placeholders.values()) {
            needles.add(value.getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> pieces = new ArrayList<>();
        List<Integer> gaps = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < body.length) {
            int matched = -1;
            for (int n = 0; n < needles.size() && matched < 0; n++) {
                if (needles.get(n) != null && startsWith(body, i, needles.get(n))) {
                    matched = n;
                }
            }
            if (matched < 0) {
                i++;
                continue;
            }
            pieces.add(Arrays.copyOfRange(body, start, i));
            gaps.add(matched);
            i += needles.get(matched).length;
            start = i;
        }
        pieces.add(Arrays.copyOfRange(body, start, body.length));
        int[] gapCodes = gaps.stream().mapToInt(Integer::intValue).toArray();
        // without the device in it the file is the same for every device: its own tag, so equal bytes keep equal tags
        String etag = gapCodes.length == 0 ? file.etag() : RenderedFile.of(templateText(pieces, gapCodes), "").etag();
        return new SharedFile(pieces.toArray(byte[][]::new), gapCodes, file.contentType(), etag);
    }

    /** The pieces with a marker per gap, what the template's tag is computed from. */
    private static byte[] templateText(List<byte[]> pieces, int[] gaps) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            text.append(new String(pieces.get(i), StandardCharsets.UTF_8));
            if (i < gaps.length) {
                text.append('\0').append(gaps[i]).append('\0');
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean startsWith(byte[] body, int at, byte[] needle) {
        if (at + needle.length > body.length) {
            return false;
        }
        for (int j = 0; j < needle.length; j++) {
            if (body[at + j] != needle[j]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the file is the same for every device (nothing of the device in it). */
    boolean constant() {
        return gaps.length == 0;
    }

    /** The device's file: the pieces with its parts in the gaps. */
    RenderedFile forDevice(Parts parts) {
        if (gaps.length == 0) {
            return new RenderedFile(pieces[0], contentType, etag);
        }
        byte[][] fills = new byte[VALUE + parts.values().size()][];
        int length = piecesLength;
        for (int gap : gaps) {
            if (fills[gap] == null) {
                fills[gap] = fill(gap, parts);
            }
            length += fills[gap].length;
        }
        byte[] body = new byte[length];
        int at = 0;
        for (int i = 0; i < pieces.length; i++) {
            System.arraycopy(pieces[i], 0, body, at, pieces[i].length);
            at += pieces[i].length;
            if (i < gaps.length) {
                byte[] value = fills[gaps[i]];
                System.arraycopy(value, 0, body, at, value.length);
                at += value.length;
            }
        }
        return new RenderedFile(body, contentType, deviceTag(fills));
    }

    private static byte[] fill(int gap, Parts parts) {
        if (gap < VERSION) {
            return Form.values()[gap].of(parts.mac());
        }
        String text = gap == VERSION ? parts.version() : parts.values().get(gap - VALUE);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The template's tag and the device's parts, hashed: a few dozen bytes per answer rather than the whole file. */
    private String deviceTag(byte[][] fills) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(etag.getBytes(StandardCharsets.US_ASCII));
            for (int gap = 0; gap < fills.length; gap++) {
                if (fills[gap] != null) {
                    sha.update((byte) gap);
                    sha.update(fills[gap]);
                    sha.update((byte) 0);
                }
            }
            return "\"" + HexFormat.of().formatHex(sha.digest(), 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Bytes kept, for the cache's bound. */
    int size() {
        return piecesLength;
    }
}
