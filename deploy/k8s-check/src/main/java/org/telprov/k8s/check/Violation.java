package org.telprov.k8s.check;

/** One reason the API server (or a controller) would refuse a rendered manifest. */
public record Violation(String resource, String path, String message) {

    @Override
    public String toString() {
        return resource + (path.isEmpty() ? "" : " " + path) + ": " + message;
    }
}
