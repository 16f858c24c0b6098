package org.telprov.phonesim.report;

/**
 * One step of a phone's run: an HTTP exchange (method, URL, status, body bytes, time) and what the phone decided from
 * it, or a decision alone (method and URL null). Status 0: no response (connection failed, timed out).
 */
public record Step(String method, String url, int status, long bytes, long nanos, String decision) {

    public boolean isRequest() {
        return method != null;
    }

    public long millis() {
        return nanos / 1_000_000;
    }

    /** {@code GET  <url>  200  312 B  4 ms  <decision>} */
    public String line() {
        if (!isRequest()) {
            return "     " + decision;
        }
        String answer = status == 0 ? "---" : Integer.toString(status);
        return String.format("%-4s %s  %s  %d B  %d ms%s", method, url, answer, bytes, millis(),
                decision == null || decision.isEmpty() ? "" : "  " + decision);
    }
}
