package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.relay4j.simulator.Fault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything vendor-specific about one wire format: routes, auth, request parsing, bodies, headers and stream events. */
interface VendorDialect {

    /** The endpoint {@code method} and {@code path} address, if this vendor has it. */
    Optional<Route> route(HttpMethod method, String path, Map<String, List<String>> query);

    /** Whether the request carries the vendor's credential header (any key is accepted). */
    boolean hasCredentials(HttpHeaders headers, Map<String, List<String>> query);

    /** A problem with the other required headers, as a message for a 400. */
    Optional<String> headerProblem(HttpHeaders headers);

    /** Reads the request body; throws {@link InvalidRequestException} for what the vendor would reject. */
    ParsedRequest parse(JsonNode body, Route route, int inputTokens);

    /** Headers of every successful answer: request id and rate-limit headers. */
    Map<String, String> answerHeaders(ReplyContext context);

    /** The error for a status fault ({@link Fault#BAN_403} to {@link Fault#UNAVAILABLE_503}). */
    ErrorReply statusFault(Fault fault, ReplyContext context);

    /** The status fault a non-streaming request gets instead of {@link Fault#IN_STREAM_ERROR}. */
    Fault inStreamErrorWithoutStream();

    /** 401 for a missing credential. */
    ErrorReply unauthenticated(ReplyContext context);

    /** 404 for an unknown endpoint. */
    ErrorReply notFound(HttpMethod method, String path, ReplyContext context);

    /** 400 for a body or header the vendor rejects. */
    ErrorReply invalidRequest(String message, ReplyContext context);

    /** 400 for a body the vendor rejects; OpenAI's envelope also names the parameter and a code. */
    default ErrorReply invalidRequest(InvalidRequestException problem, ReplyContext context) {
        return invalidRequest(problem.getMessage(), context);
    }

    /** How this vendor's answers carry reasoning, call ids, argument fragments and signatures. */
    ContentPlanner.Style style();

    /** Content type of a successful non-streaming answer. */
    String jsonContentType();

    /** Content type of a stream. */
    String streamContentType();

    /** The non-streaming body of {@code answer}. */
    String completion(Answer answer);

    /** The event renderer of one streamed {@code answer}. */
    StreamRenderer streamRenderer(Answer answer);

    /**
     * The error status this vendor refuses a prompt with ({@link Fault#PROMPT_REFUSED}); empty when it refuses
     * with status 200 instead ({@link #refusedCompletion}, {@link StreamRenderer#refusal}).
     */
    Optional<ErrorReply> promptRefusal(ReplyContext context);

    /**
     * The status-200 body of a refused answer: {@code partialText} (the first {@code partialTokens} tokens) then
     * the vendor's refusal; {@code prompt} when the prompt itself was refused (no text at all).
     */
    String refusedCompletion(Answer answer, String partialText, int partialTokens, boolean prompt);
}
