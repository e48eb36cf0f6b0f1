package io.relay4j.providers.internal;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.error.LlmException;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.util.List;

/**
 * Turns one stream's server-sent events into chunks. Stateful, one per stream, used from one thread
 * at a time.
 *
 * <p>The transport calls {@link #onEvent} for each event until {@link #isFinished()} (the vendor's
 * end marker: {@code [DONE]}, {@code message_stop}), or until the body ends; then it calls
 * {@link #onEnd()} once for the last chunk.
 *
 * <p>A stream that says it is finished is finished: once the vendor sent its finish sign (OpenAI's
 * {@code finish_reason}, Anthropic's {@code message_delta} with a {@code stop_reason}, a Gemini candidate's
 * {@code finishReason}), the end of the body completes the answer even without the end marker. A refusal
 * (a content filter's or the model's) is never a finish sign: {@link #onEvent} raises {@code ContentFiltered}
 * where the vendor says it, ending the stream whatever text came before.
 */
public interface StreamParser {

    /**
     * Handles one event and returns the text chunks it yields (often one, possibly none). Never
     * returns the last chunk: that is {@link #onEnd()}'s.
     *
     * @throws LlmException the vendor's in-stream error, typed (for example {@code Overloaded} for
     *                      Anthropic's {@code overloaded_error}); {@code ContentFiltered} for a refusal; a
     *                      {@code MalformedResponse} for an event that cannot be parsed, which the transport
     *                      may skip in lenient mode
     */
    List<LlmChunk> onEvent(ServerSentEvent event);

    /** True once the vendor's end-of-stream marker was seen: nothing after it needs reading. */
    boolean isFinished();

    /**
     * True once the vendor said the answer is complete (its finish sign), with or without the end marker:
     * from then on the end of the body, or the connection closing, completes the answer through {@link #onEnd()}.
     */
    boolean saidFinished();

    /**
     * The stream is over (end marker or end of body): returns the last chunk with finish reason,
     * usage and model.
     *
     * @throws LlmException a {@code MalformedResponse} if the vendor never said the answer was finished
     *                      (no finish sign): a truncated stream is an error, never a silent completion
     */
    LlmChunk onEnd();
}
