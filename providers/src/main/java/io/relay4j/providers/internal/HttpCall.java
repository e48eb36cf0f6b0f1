package io.relay4j.providers.internal;

import java.util.Map;
import java.util.Objects;

/**
 * An encoded request, ready to send: what a {@link WireProtocol} produces and the HTTP transport sends.
 *
 * @param pathAndQuery the path below the provider's base URL, with any query (for example
 *                     {@code /chat/completions} or {@code /models/gemini-2.5-flash:streamGenerateContent?alt=sse})
 * @param headers      the vendor's headers, authentication included (never logged)
 * @param body         the JSON body
 */
public record HttpCall(String pathAndQuery, Map<String, String> headers, byte[] body) {

    public HttpCall {
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        Objects.requireNonNull(body, "body");
    }

    @Override
    public String toString() {
        return "HttpCall[" + pathAndQuery + ", headers=" + headers.keySet() + ", bodyBytes=" + body.length + "]";
    }
}
