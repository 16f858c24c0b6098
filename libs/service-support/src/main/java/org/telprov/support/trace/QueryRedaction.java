package org.telprov.support.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;

import java.util.regex.Pattern;

/**
 * Takes the secrets out of an HTTP server span's {@code url.query} before it is exported: the value of a firmware
 * download link's {@code signature} (whoever holds it may fetch the file until the link expires). The OpenTelemetry
 * instrumentation redacts only a few cloud vendors' names ({@code Signature}, {@code sig}), not ours.
 */
@Singleton
public class QueryRedaction implements SpanProcessor {

    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    private static final Pattern SECRET = Pattern.compile("(?i)((?:^|&)(?:signature|token|password)=)[^&]*");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String query = span.getAttribute(URL_QUERY);
        if (query != null && SECRET.matcher(query).find()) {
            span.setAttribute(URL_QUERY, redacted(query));
        }
    }

    static String redacted(String query) {
        return SECRET.matcher(query).replaceAll("$1REDACTED");
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
