package io.relay4j.providers.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A received response, status and headers plus (for non-streaming calls and errors) the whole body.
 *
 * @param provider the provider's name, for the errors decoded from it
 * @param status   the HTTP status
 * @param headers  response headers, names lower-cased, first value of each
 * @param body     the body bytes (empty for a streaming success, whose body is read as events)
 * @param latency  time from sending the request to the end of the body (or to the headers for a stream)
 */
public record HttpReply(String provider, int status, Map<String, String> headers, byte[] body, Duration latency) {

    public HttpReply {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(headers, "headers");
        // received headers are read through, not copied: they are immutable once received
        headers = headers instanceof ResponseHeaders ? headers : Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(latency, "latency");
    }

    /** A header's value by its lower-case name. */
    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "HttpReply[" + provider + ", status=" + status + ", bodyBytes=" + body.length + "]";
    }
}
