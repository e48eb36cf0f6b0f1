package io.relay4j.simulator.internal;

/** A request the vendor would reject with 400; the message is safe to send back (it never quotes the body). */
final class InvalidRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidRequestException(String message) {
        super(message, null, false, false);
    }
}
