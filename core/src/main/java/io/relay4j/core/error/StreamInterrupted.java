package io.relay4j.core.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stream failed after its commit point, when text had already reached the consumer. It carries
 * that partial text, so the consumer never mistakes a truncated answer for a whole one; the
 * underlying failure is the {@linkplain #getCause() cause}.
 *
 * <p>The router keeps a stream's delivered text only up to
 * {@link io.relay4j.core.router.StreamConfig#maxPartialChars()} characters, so memory stays bounded: when more
 * reached the consumer, {@link #partialText()} is the first that many and {@link #deliveredChars()} counts all
 * of them ({@link #partialTextComplete()} tells which case holds).
 *
 * <p>A stream that broke after tool calls reached the consumer is never resumed: {@link #emittedToolCalls()} names
 * those calls (id and tool, in the order they were emitted; never their arguments), so the consumer knows which
 * calls it has and that no other call of that answer will follow.
 */
public final class StreamInterrupted extends LlmException {

    private static final long serialVersionUID = 1L;

    private final String partialText;
    private final long deliveredChars;
    private final Map<String, String> emittedToolCalls;

    /** An interruption after exactly {@code partialText} reached the consumer. */
    public StreamInterrupted(String message, ErrorDetails details, String partialText, Throwable cause) {
        this(message, details, partialText, Objects.requireNonNull(partialText, "partialText must not be null")
                .length(), cause);
    }

    private StreamInterrupted(String message, ErrorDetails details, String partialText, long deliveredChars,
                              Throwable cause) {
        this(message, details, partialText, deliveredChars, Map.of(), cause);
    }

    private StreamInterrupted(String message, ErrorDetails details, String partialText, long deliveredChars,
                              Map<String, String> emittedToolCalls, Throwable cause) {
        super(message, details, cause);
        this.emittedToolCalls = Collections.unmodifiableMap(new LinkedHashMap<>(
                Objects.requireNonNull(emittedToolCalls, "emittedToolCalls must not be null (use an empty map)")));
        this.partialText = Objects.requireNonNull(partialText, "partialText must not be null");
        if (deliveredChars < partialText.length()) {
            throw new IllegalArgumentException("deliveredChars (" + deliveredChars
                    + ") must count at least the partial text's " + partialText.length() + " characters");
        }
        this.deliveredChars = deliveredChars;
    }

    /**
     * An interruption after {@code deliveredChars} characters reached the consumer, of which
     * {@code partialText} is the beginning (all of them when its length is {@code deliveredChars}).
     */
    public static StreamInterrupted of(String message, ErrorDetails details, String partialText, long deliveredChars,
                                       Throwable cause) {
        return new StreamInterrupted(message, details, partialText, deliveredChars, cause);
    }

    /**
     * As {@link #of(String, ErrorDetails, String, long, Throwable)}, for a stream that had emitted the complete tool
     * calls {@code emittedToolCalls} (id to tool name, in the order emitted) before it broke.
     */
    public static StreamInterrupted of(String message, ErrorDetails details, String partialText, long deliveredChars,
                                       Map<String, String> emittedToolCalls, Throwable cause) {
        return new StreamInterrupted(message, details, partialText, deliveredChars, emittedToolCalls, cause);
    }

    /**
     * The complete tool calls the consumer received before the failure, id to tool name in the order they were
     * emitted; empty when none was. Arguments are left out: the consumer has them from the chunks.
     */
    public Map<String, String> emittedToolCalls() {
        return emittedToolCalls;
    }

    /**
     * The text the consumer already received before the failure: all of it, or its first
     * {@code maxPartialChars} characters when it was longer (see {@link #partialTextComplete()}).
     */
    public String partialText() {
        return partialText;
    }

    /** How many characters reached the consumer before the failure. */
    public long deliveredChars() {
        return deliveredChars;
    }

    /** True when {@link #partialText()} is all the consumer received, false when it is only the beginning. */
    public boolean partialTextComplete() {
        return partialText.length() == deliveredChars;
    }

    @Override
    public ErrorType type() {
        return ErrorType.STREAM_INTERRUPTED;
    }
}
