package org.telprov.phonesim.phone;

import org.telprov.phonesim.PhoneFailure;
import org.telprov.phonesim.PhoneOptions;
import org.telprov.phonesim.http.Response;

import org.telprov.phonesim.state.PhoneState;

import java.net.URI;
import java.util.Optional;

/** What both Maxwell dialects do alike: the User-Agent, {@code %MACD} and fetching the first file. */
final class Maxwell {

    static final String PROVISIONING = "provisioning.xml";
    /** What a simulated Gigaset runs until it installs an image. */
    static final String FIRMWARE = "2.22.4";

    private Maxwell() {
    }

    /**
     * Shaped like the Gigaset User-Agent the redirect service recognises ({@code Gigaset <model>/<fw>;<MAC>}), with
     * the firmware the phone runs (a rollout confirms an image by it).
     */
    static String userAgent(PhoneOptions options, PhoneState state) {
        return options.userAgent().orElse("Gigaset Maxwell 3/" + firmware(options, state).orElseThrow() + ";"
                + options.mac().upper());
    }

    static Optional<String> firmware(PhoneOptions options, PhoneState state) {
        return Firmware.running(state, options, FIRMWARE);
    }

    /** {@code %MACD}: the device's MAC in upper case without colons. */
    static String macd(PhoneRun run, String url) {
        return url.replace("%MACD", run.mac().upper());
    }

    /**
     * The first file: the URL as given (a directory URL gets the server's default file); on a 404 the phone tries
     * once more with {@code provisioning.xml} appended, as the vendor's guide says.
     */
    static Response firstFile(PhoneRun run, URI url) throws PhoneFailure {
        Response response = run.get(url);
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (response.status() == 404 && !path.endsWith("/" + PROVISIONING)) {
            URI retry = URI.create(url.getScheme() + "://" + url.getRawAuthority()
                    + (path.endsWith("/") ? path : path + "/") + PROVISIONING
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
            run.decide(response, "not found: trying " + PROVISIONING + " once");
            response = run.get(retry);
        }
        return run.require(response, PROVISIONING);
    }
}
