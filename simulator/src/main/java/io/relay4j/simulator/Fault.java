package io.relay4j.simulator;

/**
 * A failure the simulator can inject into one request, in the vendor's own format. Status faults answer
 * before any stream starts with a JSON error body in the vendor's envelope; connection and stream faults
 * misbehave at the transport or framing level; refusal faults refuse the prompt or the answer as each vendor
 * does. Mid-stream faults send {@link Behaviour#faultAfterTokens()} tokens first.
 */
public enum Fault {
    /** 403: OpenAI {@code unsupported_country_region_territory}, Anthropic {@code permission_error}, Gemini {@code PERMISSION_DENIED}. */
    BAN_403,
    /**
     * 429 rate limit with {@code retry-after} (whole seconds, from {@link Behaviour#retryAfter()}) and the vendor's
     * rate-limit headers showing nothing left: OpenAI {@code rate_limit_exceeded} with {@code x-ratelimit-*},
     * Anthropic {@code rate_limit_error} with {@code anthropic-ratelimit-*}, Gemini {@code RESOURCE_EXHAUSTED}
     * with a {@code google.rpc.RetryInfo} detail.
     */
    RATE_LIMIT_429,
    /**
     * Quota or credit exhausted, which retrying does not fix: OpenAI 429 {@code insufficient_quota}, Anthropic 402
     * {@code billing_error}, Gemini 429 {@code RESOURCE_EXHAUSTED} with a per-day quota violation and no retry hint.
     */
    QUOTA_EXHAUSTED,
    /** Anthropic 529 {@code overloaded_error}; OpenAI and Gemini 503 ("overloaded"). */
    OVERLOADED_529,
    /** 500: OpenAI {@code server_error}, Anthropic {@code api_error}, Gemini {@code INTERNAL}. */
    SERVER_ERROR_500,
    /** 503: OpenAI {@code service_unavailable}, Anthropic {@code api_error}, Gemini {@code UNAVAILABLE}. */
    UNAVAILABLE_503,
    /** The connection is reset (TCP RST) before any response byte. */
    CONNECTION_RESET,
    /**
     * Status 200 and some content, then silence with the connection kept open until the client leaves.
     * Streams send the opening events and {@link Behaviour#faultAfterTokens()} tokens; a non-streaming answer
     * sends half of its JSON body.
     */
    STALL_MID_STREAM,
    /**
     * Status 200 with broken JSON: a non-streaming body is cut in half; a stream carries one broken event after
     * {@link Behaviour#faultAfterTokens()} tokens and then continues normally.
     */
    MALFORMED_JSON,
    /**
     * A stream that fails after {@link Behaviour#faultAfterTokens()} tokens with status 200: OpenAI
     * {@code data: {"error":...}}, Anthropic {@code event: error} ({@code overloaded_error}), Gemini
     * {@code data: {"error":...}}. A non-streaming request gets the status error the vendor sends instead
     * (OpenAI 500, Anthropic 529, Gemini 503).
     */
    IN_STREAM_ERROR,
    /** 502 {@code text/html} page from a "proxy" in front of the vendor. */
    HTML_ERROR_PAGE,
    /**
     * A stream that ends cleanly after {@link Behaviour#faultAfterTokens()} tokens without the vendor's end
     * marker ({@code [DONE]}, {@code message_stop}, Gemini's {@code finishReason}). A non-streaming answer declares
     * its full {@code content-length}, sends half the body and closes the connection.
     */
    TRUNCATED_STREAM,
    /**
     * A stream that sends every token and the vendor's finish sign with the usage, then ends cleanly without the
     * end marker: OpenAI the {@code finish_reason} chunk and the usage chunk but no {@code [DONE]};
     * Anthropic {@code message_delta} with its {@code stop_reason} and usage but no {@code message_stop}; Gemini,
     * whose only end sign is the last chunk's {@code finishReason}, the healthy stream. The answer is complete, and a
     * client must take it as such. A non-streaming request gets the healthy answer.
     */
    FINISHED_WITHOUT_END_MARKER,
    /**
     * The vendor refuses the prompt, in its own shape, before any answer text: OpenAI 400
     * {@code content_policy_violation} ("rejected as a result of our safety system"); Anthropic status 200 with {@code stop_reason: "refusal"} and no text (a
     * stream: {@code message_start}, then {@code message_delta} with the refusal and {@code message_stop}); Gemini
     * status 200 with {@code promptFeedback.blockReason: "SAFETY"} and no candidate (a stream: one such chunk).
     */
    PROMPT_REFUSED,
    /**
     * The answer is refused or filtered after {@link Behaviour#faultAfterTokens()} tokens, with status 200, in the
     * vendor's own shape: OpenAI a {@code refusal} message (a stream: a {@code delta.refusal}, then
     * {@code finish_reason: "stop"}, usage and {@code [DONE]}); Anthropic {@code stop_reason: "refusal"}; Gemini a
     * candidate with {@code finishReason: "SAFETY"}. A non-streaming answer carries those tokens as its partial text.
     */
    ANSWER_REFUSED,
    /**
     * Status 200 with an empty answer in the vendor's own shape: no text, no tool call, no refusal, the normal
     * finish sign and 0 output tokens. OpenAI and Azure {@code content: ""} with {@code finish_reason: "stop"}
     * (a stream: the role chunk, the finish chunk, the usage chunk when asked for, {@code [DONE]}); Anthropic
     * {@code content: []} with {@code stop_reason: "end_turn"} (a stream: {@code message_start}, an empty text
     * block, {@code message_delta} with {@code end_turn}, {@code message_stop}); Gemini a candidate with empty
     * text and {@code finishReason: "STOP"} (a stream: one such chunk). A client must not take it as an answer.
     */
    EMPTY_ANSWER
}
