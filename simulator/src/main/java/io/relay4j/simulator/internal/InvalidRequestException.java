package io.relay4j.simulator.internal;

import java.util.Optional;

/**
 * A request the vendor would reject with 400; the message is safe to send back (it never quotes prompt text,
 * arguments or image bytes). OpenAI's envelope also carries the offending {@code param} and a {@code code}.
 */
final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String param;
    private final String code;

    InvalidRequestException(String message) {
        this(message, null, null);
    }

    InvalidRequestException(String message, String param, String code) {
        super(message, null, false, false);
        this.param = param;
        this.code = code;
    }

    /** The request field at fault, as OpenAI names it. */
    Optional<String> param() {
        return Optional.ofNullable(param);
    }

    /** OpenAI's error code. */
    Optional<String> code() {
        return Optional.ofNullable(code);
    }
}
