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
 * A file rendered once for every device of a release that has no overrides: its bytes cut where the device's MAC goes
 * (in the forms files carry it), so answering a device is copying the pieces around its MAC rather than keeping a
 * rendered copy per device. The ETag is the template's when no MAC is in it (equal bytes, equal tag), else derived
 * from the template's tag and the MAC.
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

    private final byte[][] pieces;
    private final Form[] gaps;
    private final String contentType;
    private final String etag;
    private final int piecesLength;

    private SharedFile(byte[][] pieces, Form[] gaps, String contentType, String etag) {
        this.pieces = pieces;
        this.gaps = gaps;
        this.contentType = contentType;
        this.etag = etag;
        this.piecesLength = Arrays.stream(pieces).mapToInt(p -> p.length).sum();
    }

    /**
     * The shared form of a file, from two renders for two placeholder MACs: present only when both cut into the same
     * pieces, i.e. the MAC enters the file as text and nothing else about it does (a signed link depends on the MAC in
     * other ways, so a file naming one is not shared).
     */
    static Optional<SharedFile> of(RenderedFile first, MacAddress firstMac, RenderedFile second, MacAddress secondMac) {
        SharedFile a = cut(first, firstMac);
        SharedFile b = cut(second, secondMac);
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

    private static SharedFile cut(RenderedFile file, MacAddress mac) {
        byte[] body = file.body();
        Form[] forms = Form.values();
        byte[][] needles = new byte[forms.length][];
        for (int f = 0; f < forms.length; f++) {
            needles[f] = forms[f].of(mac);
        }
        List<byte[]> pieces = new ArrayList<>();
        List<Form> gaps = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < body.length) {
            int matched = -1;
            for (int f = 0; f < forms.length && matched < 0; f++) {
                if (startsWith(body, i, needles[f])) {
                    matched = f;
                }
            }
            if (matched < 0) {
                i++;
                continue;
            }
            pieces.add(Arrays.copyOfRange(body, start, i));
            gaps.add(forms[matched]);
            i += needles[matched].length;
            start = i;
        }
        pieces.add(Arrays.copyOfRange(body, start, body.length));
        // without a MAC in it the file is the same for every device: its own tag, so equal bytes keep equal tags
        String etag = gaps.isEmpty() ? file.etag() : RenderedFile.of(templateText(pieces, gaps), "").etag();
        return new SharedFile(pieces.toArray(byte[][]::new), gaps.toArray(Form[]::new), file.contentType(), etag);
    }

    /** The pieces with a marker per gap, what the template's tag is computed from. */
    private static byte[] templateText(List<byte[]> pieces, List<Form> gaps) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pieces.size(); i++) {
            text.append(new String(pieces.get(i), StandardCharsets.UTF_8));
            if (i < gaps.size()) {
                text.append('\0').append(gaps.get(i).name()).append('\0');
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

    /** Whether the file is the same for every device (no MAC in it). */
    boolean constant() {
        return gaps.length == 0;
    }

    /** The device's file: the pieces with its MAC in each gap. */
    RenderedFile forDevice(MacAddress mac) {
        if (gaps.length == 0) {
            return new RenderedFile(pieces[0], contentType, etag);
        }
        byte[][] forms = new byte[Form.values().length][];
        int length = piecesLength;
        for (Form gap : gaps) {
            if (forms[gap.ordinal()] == null) {
                forms[gap.ordinal()] = gap.of(mac);
            }
            length += forms[gap.ordinal()].length;
        }
        byte[] body = new byte[length];
        int at = 0;
        for (int i = 0; i < pieces.length; i++) {
            System.arraycopy(pieces[i], 0, body, at, pieces[i].length);
            at += pieces[i].length;
            if (i < gaps.length) {
                byte[] value = forms[gaps[i].ordinal()];
                System.arraycopy(value, 0, body, at, value.length);
                at += value.length;
            }
        }
        return new RenderedFile(body, contentType, deviceTag(mac));
    }

    /** The template's tag and the MAC, hashed: a few dozen bytes per answer rather than the whole file. */
    private String deviceTag(MacAddress mac) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(etag.getBytes(StandardCharsets.US_ASCII));
            sha.update(Form.LOWER.of(mac));
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
