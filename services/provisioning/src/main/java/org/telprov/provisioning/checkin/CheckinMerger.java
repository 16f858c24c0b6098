package org.telprov.provisioning.checkin;

import org.telprov.events.DeviceCheckin;
import org.telprov.provisioning.release.DeviceRelease;
import org.telprov.support.checkin.CheckinSender;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges the fetches of one device within its boot window into one check-in naming the files (in the order first
 * fetched, each once) and the UVC: a Maxwell boot is one event, not four. A device's check-in is sent when its window
 * (from its first fetch) has passed, when it fetches a file of another UVC or tenant or over another protocol (HTTP,
 * TFTP), when it has fetched
 * {@link DeviceCheckin#FILES_MAX} files, and early when {@code pendingDevices} devices are pending and another one
 * comes: the oldest goes then. Used by the sender thread only, so it needs no locks.
 */
final class CheckinMerger implements CheckinSender.Stage<CheckinBuffer.Fetch> {

    /** The fetches of one device so far. */
    private static final class Boot {
        final long startNanos;
        final DeviceRelease release;
        final List<String> files = new ArrayList<>(4);
        String file;
        String sourceIp;
        String userAgent;
        String protocol;
        Instant at;

        Boot(long startNanos, DeviceRelease release) {
            this.startNanos = startNanos;
            this.release = release;
        }

        boolean takes(CheckinBuffer.Fetch fetch) {
            return fetch.release().tenantId().equals(release.tenantId())
                    && Objects.equals(fetch.release().version(), release.version())
                    && (protocol == null || protocol.equals(fetch.protocol()))
                    && (files.size() < DeviceCheckin.FILES_MAX || files.contains(fetch.file()));
        }

        void add(CheckinBuffer.Fetch fetch) {
            if (!files.contains(fetch.file())) {
                files.add(fetch.file());
            }
            file = fetch.file();
            sourceIp = fetch.sourceIp();
            userAgent = fetch.userAgent();
            protocol = fetch.protocol();
            at = fetch.at();
        }

        DeviceCheckin checkin() {
            return DeviceCheckin.provisioned(release.mac(), release.tenantId(), file, files, release.version(),
                    sourceIp, userAgent, at, protocol);
        }
    }

    private final long windowNanos;
    private final int pendingDevices;
    /** By MAC, in the order their windows started: the first entry's window ends first. */
    private final Map<String, Boot> pending = new LinkedHashMap<>();

    CheckinMerger(Duration window, int pendingDevices) {
        this.windowNanos = window.toNanos();
        this.pendingDevices = Math.max(1, pendingDevices);
    }

    @Override
    public void take(CheckinBuffer.Fetch fetch, long nanoTime, CheckinSender.Out out) {
        String mac = fetch.release().mac();
        Boot boot = pending.get(mac);
        if (boot != null && (nanoTime - boot.startNanos >= windowNanos || !boot.takes(fetch))) {
            pending.remove(mac);
            send(boot, out);
            boot = null;
        }
        if (boot == null) {
            if (pending.size() >= pendingDevices) {
                Iterator<Boot> oldest = pending.values().iterator();
                send(oldest.next(), out);
                oldest.remove();
            }
            boot = new Boot(nanoTime, fetch.release());
            pending.put(mac, boot);
        }
        boot.add(fetch);
    }

    @Override
    public void due(long nanoTime, CheckinSender.Out out) {
        for (Iterator<Boot> boots = pending.values().iterator(); boots.hasNext(); ) {
            Boot boot = boots.next();
            if (nanoTime - boot.startNanos < windowNanos) {
                return;
            }
            send(boot, out);
            boots.remove();
        }
    }

    @Override
    public void drain(CheckinSender.Out out) {
        pending.values().forEach(boot -> send(boot, out));
        pending.clear();
    }

    private static void send(Boot boot, CheckinSender.Out out) {
        out.send(DeviceCheckin.FETCHED, boot.checkin());
    }
}
