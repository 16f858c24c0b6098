import org.telprov.platform.Platform;
import org.telprov.platform.PlatformOptions;
import org.telprov.platform.PlatformPorts;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The platform for bench/provisioning, bench/storm and bench/import on ports of their own (185xx), so a benchmark
 * never meets ./platform, the tests or bench/redirect and bench/firmware (which use ./platform's ports). Run by
 * bench_platform_up in bench/lib.sh as a single-file program on the launcher's classpath:
 *   java -cp <tools/platform classes and classpath> BenchPlatform.java REPO_ROOT DATA_DIR SERVICES [JVM_OPTIONS]
 * Starts from empty data, prints "bench platform ready" and runs until it is signalled; the launcher's shutdown hook
 * then stops every component.
 */
public class BenchPlatform {

    static final PlatformPorts PORTS = new PlatformPorts(18532, 18592, 18593, 18580,
            Map.of("redirect", 18581, "provisioning", 18582, "firmware", 18583, "inventory", 18584));

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: BenchPlatform REPO_ROOT DATA_DIR SERVICES [JVM_OPTIONS]");
            System.exit(2);
        }
        // As ./platform does: zonky and the Kafka admin client would otherwise log at INFO.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        List<String> jvmOptions = args.length > 3 && !args[3].isBlank()
                ? Arrays.asList(args[3].trim().split("\\s+"))
                : List.of("-Xmx512m");
        Platform platform = Platform.start(PlatformOptions.builder()
                .repoRoot(Path.of(args[0]))
                .dataDir(Path.of(args[1]))
                .wipeData(true)
                .services(Arrays.asList(args[2].split(",")))
                .ports(PORTS)
                .serviceJvmOptions(jvmOptions)
                .progress(System.out::println)
                .build());
        for (String service : platform.services()) {
            System.out.println(service + " " + platform.serviceUrl(service));
        }
        System.out.println("token " + platform.tokenUrl());
        System.out.println("bench platform ready");
        new CountDownLatch(1).await();
    }
}
