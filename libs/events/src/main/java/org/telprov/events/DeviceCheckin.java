package org.telprov.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Payload of {@code device.redirected} and {@code device.fetched} (schema version 1): a device contacted a
 * device-facing service. Published to {@link Topics#DEVICE_CHECKINS} keyed by MAC; inventory keeps the last one per
 * device and a bounded history.
 * <p>
 * Provisioning sends one check-in per device and boot: the files it fetched within its window are {@code files}, and
 * {@code file} is the last of them, as a consumer that knows only {@code file} (and events from before {@code files})
 * read it. {@code files} is absent from the JSON when {@code null} (redirect and firmware check-ins), an optional field
 * added within schema version 1, as is {@code protocol}.
 * <p>
 * Free text the device chose (User-Agent, file name, and what proxies made of its address) is cleaned on construction,
 * by every producer and again when the consumer reads the event: control characters are dropped and each field is cut
 * to the width inventory stores it in, so no device can make a check-in that fails its batch.
 *
 * @param mac             12 lower-case hex digits
 * @param service         {@code redirect}, {@code provisioning} or {@code firmware}
 * @param file            what was served (a file name or artifact id), the last one when {@code files} has several;
 *                        {@code null} for a redirect
 * @param files           the files provisioning served the device within one boot window, in the order first fetched,
 *                        each once and at most {@link #FILES_MAX}; {@code null} when the service names one {@code file}
 * @param uvc             the release's UVC the file belongs to, or {@code null}
 * @param firmwareVersion the firmware version served, or {@code null}
 * @param sourceIp        the device's address as the service saw it (after trusted proxies)
 * @param userAgent       the device's User-Agent, or {@code null}
 * @param at              when the service answered
 * @param protocol        how the device fetched: {@code http} or {@code tftp} (provisioning); {@code null} when the
 *                        service speaks HTTP only (redirect, firmware) and in events from before it was named
 */
public record DeviceCheckin(String mac, String tenantId, String service, String file,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> files, String uvc,
                            String firmwareVersion, String sourceIp, String userAgent, Instant at,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String protocol) {

    public static final int SCHEMA_VERSION = 1;

    /** A device asked the redirect service where to go. */
    public static final EventKind<DeviceCheckin> REDIRECTED = kind("device.redirected");
    /** A device fetched provisioning files or a firmware image. */
    public static final EventKind<DeviceCheckin> FETCHED = kind("device.fetched");

    /** The {@code service} values: which device-facing service answered. */
    public static final String REDIRECT = "redirect";
    public static final String PROVISIONING = "provisioning";
    public static final String FIRMWARE = "firmware";

    /** The widths of inventory's check-in columns, which the fields are cut to. */
    public static final int FILE_LENGTH = 255;
    public static final int UVC_LENGTH = 32;
    public static final int FIRMWARE_VERSION_LENGTH = 100;
    public static final int SOURCE_IP_LENGTH = 64;
    public static final int USER_AGENT_LENGTH = 512;
    public static final int PROTOCOL_LENGTH = 8;
    public static final String HTTP = "http";
    public static final String TFTP = "tftp";
    /** The most files one check-in names; a producer with more starts another check-in. */
    public static final int FILES_MAX = 16;

    public DeviceCheckin {
        file = clean(file, FILE_LENGTH);
        files = files == null ? null : cleanFiles(files);
        uvc = clean(uvc, UVC_LENGTH);
        firmwareVersion = clean(firmwareVersion, FIRMWARE_VERSION_LENGTH);
        sourceIp = clean(sourceIp, SOURCE_IP_LENGTH);
        userAgent = clean(userAgent, USER_AGENT_LENGTH);
        protocol = clean(protocol, PROTOCOL_LENGTH);
    }

    /** The redirect service's check-in: the device asked where to go. */
    public static DeviceCheckin redirected(String mac, String tenantId, String sourceIp, String userAgent, Instant at) {
        return new DeviceCheckin(mac, tenantId, REDIRECT, null, null, null, null, sourceIp, userAgent, at, null);
    }

    /**
     * The provisioning service's check-in of one boot: the files of the release {@code uvc} the device fetched within
     * its window, in the order first fetched; {@code file} is the last one fetched.
     */
    public static DeviceCheckin provisioned(String mac, String tenantId, String file, List<String> files, String uvc,
                                            String sourceIp, String userAgent, Instant at, String protocol) {
        return new DeviceCheckin(mac, tenantId, PROVISIONING, file, files, uvc, null, sourceIp, userAgent, at,
                protocol);
    }

    /** The firmware service's check-in: the device downloaded the artifact, which has the given version. */
    public static DeviceCheckin downloaded(String mac, String tenantId, String artifactId, String firmwareVersion,
                                           String sourceIp, String userAgent, Instant at) {
        return new DeviceCheckin(mac, tenantId, FIRMWARE, artifactId, null, null, firmwareVersion, sourceIp,
                userAgent, at, null);
    }

    /**
     * The check-in an event of either kind carries.
     *
     * @throws MalformedEventException for an event of another type or a payload that is no check-in
     */
    public static DeviceCheckin from(EventEnvelope envelope) {
        return EventKind.read(envelope, REDIRECTED, FETCHED);
    }

    private static EventKind<DeviceCheckin> kind(String type) {
        return EventKind.of(type, DeviceCheckin.class, SCHEMA_VERSION, Topics.DEVICE_CHECKINS,
                DeviceSnapshot.AGGREGATE, DeviceCheckin::mac, DeviceCheckin::tenantId);
    }

    /** A User-Agent as a check-in carries it, for producers that hold or send it before building a check-in. */
    public static String userAgent(String raw) {
        return clean(raw, USER_AGENT_LENGTH);
    }

    /** A source address as a check-in carries it. */
    public static String sourceIp(String raw) {
        return clean(raw, SOURCE_IP_LENGTH);
    }

    /** The files cleaned as {@code file} is, without nulls or repeats, at most {@link #FILES_MAX}; unmodifiable. */
    private static List<String> cleanFiles(List<String> files) {
        List<String> cleaned = new ArrayList<>(Math.min(files.size(), FILES_MAX));
        for (String file : files) {
            String name = clean(file, FILE_LENGTH);
            if (name != null && !cleaned.contains(name)) {
                if (cleaned.size() == FILES_MAX) {
                    break;
                }
                cleaned.add(name);
            }
        }
        return List.copyOf(cleaned);
    }

    /**
     * The text without control characters (C0, DEL, C1) or lone surrogates, cut to at most {@code maxLength} characters
     * (never inside a surrogate pair); {@code null} stays {@code null}.
     */
    static String clean(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        StringBuilder cleaned = new StringBuilder(Math.min(text.length(), maxLength));
        for (int i = 0; i < text.length() && cleaned.length() < maxLength; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (cleaned.length() + 2 > maxLength) {
                    break;
                }
                cleaned.append(c).append(text.charAt(i + 1));
                i++;
            } else if (!Character.isISOControl(c) && !Character.isSurrogate(c)) {
                cleaned.append(c);
            }
        }
        return cleaned.length() == text.length() ? text : cleaned.toString();
    }
}
