package org.telprov.phonesim;

import org.telprov.phonesim.http.Credentials;
import org.telprov.phonesim.report.Report;
import org.telprov.phonesim.state.FileStateStore;
import org.telprov.phonesim.storm.BootStorm;
import org.telprov.phonesim.storm.StormOptions;
import org.telprov.phonesim.storm.StormSummary;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line: one phone (a step per line, then {@code result: …}), a boot storm (progress, summary), or
 * {@code dhcp} (a tenant's DHCP options, {@link DhcpCommand}).
 */
public final class PhoneSimMain {

    static final String USAGE = """
            usage: phone-sim --family maxwell-1.0|maxwell-1.1|auerswald|plug-n-dial
                             (--redirect URL | --url URL | --dhcp-66 VALUE [--dhcp-67 VALUE] | --dhcp-43 HEX)
                             [phone options] [--json]
                   one phone:  --mac MAC [--state DIR]
                   boot storm: --devices N [--concurrency C] (--mac-from MAC | --macs FILE) [--state DIR] [--quiet]
                               [--warmup N --warmup-from MAC]
                   phone-sim dhcp --inventory URL --tenant ID --family F [--transport http|tftp] [--token T] [--json]
                               prints the tenant's DHCP options and ISC dhcpd / Kea configuration for the family
                               (inventory's GET /api/v1/tenants/{id}/dhcp-options/{family}; the token, an operator's
                               or the tenant's partner's, from --token or $TELPROV_TOKEN)
            phone options:
              --redirect URL      redirect service: GET URL/device/<mac> (or URL with {mac} replaced)
              --url URL           provisioning URL, the redirect service not asked (markers allowed)
              --dhcp-66 VALUE     boot from DHCP options: option 66 (server name) and 67 (boot file name) joined
              --dhcp-67 VALUE       with a '/' where missing, the family's markers filled in
              --dhcp-43 HEX       boot from DHCP option 43 (42:0b:68:74:...: sub-option 0x42 = option 66, 0x43 = 67)
              --state DIR         what phones remember between runs, one <mac>.properties each (default: nothing)
              --user-agent UA     User-Agent ({mac} replaced); default: one shaped like the family's phones
              --auth USER:PASS    HTTP Digest credentials before any file sets System.Security.HTTPAuth*
              --serial S --type T Auerswald <SERIAL>/{serial} and <HWTYP>/{type} (default: from the MAC, D200)
              --oem O --model M   Plug-n-Dial firmware/<OEM>/<Model>/currentversion.txt (default: no firmware check)
              --firmware V        the firmware version a phone runs until it installs an image (default: the family's,
                                  Gigaset 2.22.4, Auerswald 3.8.2); announced in the User-Agent where the family does
              --refuse-firmware P download images whose version matches the regular expression P ('.*': all) but
                                  never install them: the phone keeps announcing its old version
              --timeout SECONDS   per request (default 30)
              --chain-limit N     files followed from one another (default 5)
              --json              machine-readable report or summary on stdout
              --warmup N          first boot N other new phones (consecutive MACs from --warmup-from), not counted:
                                  the simulator's and the services' JIT warm before the measured storm
            exit status: 0 all phones ok, 1 a phone failed, 2 bad usage
            """;

    private static final Set<String> FLAGS = Set.of("--json", "--quiet", "--help");
    private static final Set<String> VALUED = Set.of("--family", "--mac", "--redirect", "--url", "--dhcp-66",
            "--dhcp-67", "--dhcp-43", "--state", "--user-agent", "--auth", "--serial", "--type", "--oem", "--model",
            "--timeout", "--chain-limit", "--devices", "--concurrency", "--mac-from", "--macs", "--warmup",
            "--warmup-from", "--firmware", "--refuse-firmware");

    private PhoneSimMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        if (args.length > 0 && args[0].equals("dhcp")) {
            return DhcpCommand.run(Arrays.copyOfRange(args, 1, args.length), out, err, env);
        }
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (options.containsKey("--help")) {
            out.print(USAGE);
            return 0;
        }
        try {
            Family family = Family.of(required(options, "--family"));
            boolean json = options.containsKey("--json");
            if (options.containsKey("--devices") || options.containsKey("--macs")
                    || options.containsKey("--mac-from")) {
                return storm(family, options, json, out, err);
            }
            Report report = PhoneSimulator.run(family, phone(options, Mac.parse(required(options, "--mac"))));
            out.print(json ? report.json() + "\n" : report.text());
            return report.ok() ? 0 : 1;
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        }
    }

    private static int storm(Family family, Map<String, String> options, boolean json, PrintStream out,
                             PrintStream err) throws IOException, InterruptedException {
        int concurrency = Integer.parseInt(options.getOrDefault("--concurrency", "50"));
        StormOptions storm;
        if (options.containsKey("--macs")) {
            List<Mac> macs = Files.readAllLines(Path.of(options.get("--macs")), StandardCharsets.UTF_8).stream()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(Mac::parse).toList();
            int devices = Integer.parseInt(options.getOrDefault("--devices", Integer.toString(macs.size())));
            if (devices > macs.size()) {
                throw new IllegalArgumentException(options.get("--macs") + " has only " + macs.size() + " MACs");
            }
            storm = StormOptions.of(macs.subList(0, devices), concurrency);
        } else {
            storm = StormOptions.consecutive(Mac.parse(required(options, "--mac-from")),
                    Integer.parseInt(required(options, "--devices")), concurrency);
        }
        if (options.containsKey("--state")) {
            storm = storm.withStore(new FileStateStore(Path.of(options.get("--state"))));
        }
        if (!options.containsKey("--quiet")) {
            storm = storm.withProgress(err);
        }
        if (options.containsKey("--warmup")) {
            warmup(family, options, concurrency, err);
        }
        PhoneOptions template = phone(options, storm.mac(0));
        StormSummary summary = BootStorm.run(family, template, storm);
        out.print(json ? summary.json() + "\n" : summary.text());
        return summary.failed() == 0 ? 0 : 1;
    }

    /** A storm of other, factory-new phones before the measured one; one line on stderr says how it went. */
    private static void warmup(Family family, Map<String, String> options, int concurrency, PrintStream err)
            throws InterruptedException {
        StormOptions warmup = StormOptions.consecutive(Mac.parse(required(options, "--warmup-from")),
                Integer.parseInt(options.get("--warmup")), concurrency);
        StormSummary warmed = BootStorm.run(family, phone(options, warmup.mac(0)), warmup);
        err.printf(Locale.ROOT, "warm-up: %d phones from %s in %.1f s, %d failed%s (not counted)%n", warmed.devices(),
                warmup.mac(0), warmed.seconds(), warmed.failed(),
                warmed.failures().isEmpty() ? "" : " " + warmed.failures());
    }

    private static PhoneOptions phone(Map<String, String> options, Mac mac) {
        PhoneOptions.Builder builder = PhoneOptions.builder().mac(mac);
        if (options.containsKey("--redirect")) {
            builder.redirect(URI.create(options.get("--redirect")));
        }
        if (options.containsKey("--url")) {
            builder.url(options.get("--url"));
        }
        dhcp(options).ifPresent(builder::dhcp);
        if (options.containsKey("--state")) {
            builder.stateDir(Path.of(options.get("--state")));
        }
        if (options.containsKey("--auth")) {
            builder.auth(Credentials.parse(options.get("--auth")));
        }
        if (options.containsKey("--timeout")) {
            builder.timeout(Duration.ofMillis((long) (Double.parseDouble(options.get("--timeout")) * 1000)));
        }
        if (options.containsKey("--chain-limit")) {
            builder.chainLimit(Integer.parseInt(options.get("--chain-limit")));
        }
        return builder.userAgent(options.get("--user-agent"))
                .serial(options.get("--serial"))
                .type(options.get("--type"))
                .oem(options.get("--oem"))
                .model(options.get("--model"))
                .firmware(options.get("--firmware"))
                .refuseFirmware(options.get("--refuse-firmware"))
                .build();
    }

    /**
     * The DHCP options a phone boots from, if given: option 43, or option 66 with 67, and neither with another
     * source of the URL.
     */
    private static Optional<DhcpOptions> dhcp(Map<String, String> options) {
        boolean option43 = options.containsKey("--dhcp-43");
        boolean option66 = options.containsKey("--dhcp-66");
        if (!option43 && !option66) {
            if (options.containsKey("--dhcp-67")) {
                throw new IllegalArgumentException("--dhcp-67 needs --dhcp-66");
            }
            return Optional.empty();
        }
        if (options.containsKey("--url") || options.containsKey("--redirect")) {
            throw new IllegalArgumentException("give one of --redirect, --url or the DHCP options");
        }
        if (option43 && (option66 || options.containsKey("--dhcp-67"))) {
            throw new IllegalArgumentException("give --dhcp-43 or --dhcp-66/--dhcp-67, not both");
        }
        return Optional.of(option43 ? DhcpOptions.fromOption43(options.get("--dhcp-43"))
                : DhcpOptions.of(options.get("--dhcp-66"), options.get("--dhcp-67")));
    }

    /** {@code --name value} pairs and the flags; anything else is a usage error. */
    static Map<String, String> parse(String[] args) {
        return parse(args, VALUED, FLAGS);
    }

    /** {@code --name value} (or {@code --name=value}) pairs of the valued names and the flags, nothing else. */
    static Map<String, String> parse(String[] args, Set<String> valued, Set<String> flags) {
        Map<String, String> options = new HashMap<>();
        Deque<String> rest = new ArrayDeque<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.pop();
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                value = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            if (flags.contains(arg) && value == null) {
                options.put(arg, "");
            } else if (valued.contains(arg)) {
                if (value == null) {
                    if (rest.isEmpty()) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    value = rest.pop();
                }
                options.put(arg, value);
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
