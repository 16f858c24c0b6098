package org.telprov.firmware;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/** How the firmware tests call the service and look into its store. */
public final class Firmware {

    /** The test profile's store directory (the module's working directory is the test's). */
    /** The blob store of the running test application: a new directory per start, so earlier runs leave nothing. */
    private static Path store() {
        return Path.of(ConfigProvider.getConfig().getValue("telprov.firmware.store.directory", String.class));
    }

    private Firmware() {
    }

    public static RequestSpecification as(String token) {
        return RestAssured.given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** Uploads the bytes with the metadata; extra query parameters (oemName, sha256, …) may be given. */
    public static Response upload(String token, String vendor, String product, String version, byte[] image,
                                  Map<String, String> extra) {
        return RestAssured.given().auth().oauth2(token)
                .contentType("application/octet-stream")
                .queryParam("vendor", vendor).queryParam("product", product).queryParam("version", version)
                .queryParams(extra)
                .body(image)
                .post("/api/v1/firmware/artifacts");
    }

    /** Uploads and returns the new artifact's id, failing unless it is created. */
    public static String uploaded(String token, String vendor, String product, String version, byte[] image) {
        return upload(token, vendor, product, version, image, Map.of()).then().statusCode(201).extract().path("id");
    }

    /** A signed link's path for the device, from the API. */
    public static String link(String token, String artifactId, String mac) {
        return as(token).body(Map.of("mac", mac)).post("/api/v1/firmware/artifacts/" + artifactId + "/links")
                .then().statusCode(200).extract().path("path");
    }

    public static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        return hex("SHA-256", bytes);
    }

    public static String md5(byte[] bytes) {
        return hex("MD5", bytes);
    }

    public static Path blob(String sha256) {
        return store().resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Every file in the store, relative to it. */
    public static List<String> storedFiles() {
        Path store = store();
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).map(p -> store.relativize(p).toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
