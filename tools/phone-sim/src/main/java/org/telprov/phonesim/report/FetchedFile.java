package org.telprov.phonesim.report;

/** A file the phone downloaded and used: what it was to the phone, where from, its size and SHA-256. */
public record FetchedFile(String kind, String url, long bytes, String sha256) {
}
