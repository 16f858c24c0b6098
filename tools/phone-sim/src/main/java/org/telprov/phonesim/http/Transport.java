package org.telprov.phonesim.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;

/** Sends one GET and hands back the status, the headers and the body as a stream; redirects and auth are the caller's. */
public interface Transport {

    /**
     * @param headers request headers beyond the ones the protocol needs (Host), in the order they should go out
     * @param timeout how long to wait for the answer
     */
    Answer get(URI url, Map<String, String> headers, Duration timeout) throws IOException, InterruptedException;

    /** An answer whose body the caller reads to its end or closes, which frees the connection. */
    record Answer(int status, HttpHeaders headers, InputStream body) {
    }
}
