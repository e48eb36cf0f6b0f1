package io.relay4j.providers.internal;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.error.LlmException;

/**
 * One vendor's wire protocol: how to encode a request and decode answers, errors and stream events.
 * Pure functions over bytes, no I/O, so each vendor's mapping is tested without a server; the HTTP
 * transport that sends {@link HttpCall}s and feeds replies back is shared by all vendors.
 */
public interface WireProtocol {

    /** Encodes the request for a whole answer ({@code stream == false}) or an event stream. */
    HttpCall encode(LlmRequest request, boolean stream);

    /**
     * Decodes a 2xx non-streaming reply into a response.
     *
     * @throws LlmException a {@code MalformedResponse} for a body that cannot be understood (HTML,
     *                      truncated JSON, no answer in it), or the vendor's error if the body is one
     */
    LlmResponse decodeResponse(HttpReply reply);

    /**
     * Decodes a 2xx non-streaming reply to {@code request}: what the request asked for (its tools, whether it wants
     * argument fragments) shapes how some vendors' answers are read. The transport calls this one; by default it is
     * {@link #decodeResponse(HttpReply)}.
     */
    default LlmResponse decodeResponse(HttpReply reply, LlmRequest request) {
        return decodeResponse(reply);
    }

    /** Classifies a non-2xx reply (or a 2xx whose body is an error) into the taxonomy. Never throws. */
    LlmException decodeError(HttpReply reply);

    /** A fresh parser for one stream, given the reply's status line and headers. */
    StreamParser newStreamParser(HttpReply headersOnly);

    /**
     * A fresh parser for one stream of {@code request} (which may ask for tool-call argument fragments). The
     * transport calls this one; by default it is {@link #newStreamParser(HttpReply)}.
     */
    default StreamParser newStreamParser(HttpReply headersOnly, LlmRequest request) {
        return newStreamParser(headersOnly);
    }
}
