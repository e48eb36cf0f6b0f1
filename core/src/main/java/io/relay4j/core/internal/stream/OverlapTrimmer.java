package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmChunk;
import java.util.Objects;
import reactor.core.publisher.Flux;

/**
 * Keeps a continuation from repeating the partial answer it continues. Models asked to continue a text
 * sometimes start over; the consumer already has the partial answer, so only text beyond it may pass.
 *
 * <p>The rule, applied to the continuation's text {@code C} as it arrives, against the partial answer {@code P}:
 * <ol>
 *   <li>While {@code C} is a prefix of {@code P} (it may still be a repeat), its text is held back.</li>
 *   <li>When {@code C} passes the end of {@code P} and starts with all of {@code P} (a full repeat), the
 *       first {@code |P|} characters are dropped and the rest is emitted.</li>
 *   <li>When {@code C} diverges from {@code P} after {@code k} matching characters: if {@code k} is at
 *       least {@value #MIN_RESTATED_CHARS}, those {@code k} characters are taken for a restated opening
 *       and dropped; if fewer, the match is taken for a coincidence (a continuation may well start like
 *       the answer did) and all of {@code C} is emitted.</li>
 *   <li>If the continuation ends while still a prefix of {@code P}, the same threshold decides: a repeat of
 *       all of {@code P} or of at least {@value #MIN_RESTATED_CHARS} characters is dropped, a shorter text emitted.</li>
 *   <li>Once decided, every later chunk passes unchanged. At most {@code |P|} characters are held.</li>
 * </ol>
 * Chunk boundaries do not matter: the decision is taken on the characters, across chunks. A chunk whose text is
 * all dropped is not emitted at all unless it carries more (reasoning, a tool call), which passes with its text
 * trimmed; the last chunk is always emitted (with its text trimmed if need be).
 */
public final class OverlapTrimmer {

    /** The shortest repeated opening that is dropped when the continuation then diverges. */
    public static final int MIN_RESTATED_CHARS = 8;

    private final String partial;
    private final StringBuilder held = new StringBuilder();
    private boolean decided;

    private OverlapTrimmer(String partial) {
        this.partial = partial;
        this.decided = partial.isEmpty();
    }

    /** The continuation with any repeat of {@code partialText} removed. */
    public static Flux<LlmChunk> trim(Flux<LlmChunk> continuation, String partialText) {
        Objects.requireNonNull(partialText, "partialText");
        return Flux.defer(() -> {
            OverlapTrimmer trimmer = new OverlapTrimmer(partialText);
            return continuation.handle((chunk, sink) -> {
                LlmChunk out = trimmer.next(chunk);
                if (out != null) {
                    sink.next(out);
                }
            });
        });
    }

    /** The chunk to emit for this one, or null to emit nothing. */
    private LlmChunk next(LlmChunk chunk) {
        if (decided) {
            return chunk;
        }
        String text = chunk.text();
        if (text.isEmpty() && !chunk.isLast()) {
            // nothing to judge: reasoning, a tool call or a keep-alive passes as it is, never dropped
            return chunk;
        }
        int matched = held.length();
        int limit = Math.min(text.length(), partial.length() - matched);
        int i = 0;
        while (i < limit && text.charAt(i) == partial.charAt(matched + i)) {
            i++;
        }
        String emit;
        if (i == text.length()) {
            // still a prefix of the partial answer
            held.append(text);
            if (!chunk.isLast()) {
                // the text waits for the decision; what else the chunk carries passes now
                return replaceText(chunk, "");
            }
            emit = isRestatement(held.length()) ? "" : held.toString();
        } else if (matched + i == partial.length()) {
            emit = text.substring(i);
        } else {
            int repeated = matched + i;
            emit = isRestatement(repeated) ? text.substring(i) : held + text;
        }
        decided = true;
        held.setLength(0);
        return replaceText(chunk, emit);
    }

    private boolean isRestatement(int repeatedChars) {
        return repeatedChars == partial.length() || repeatedChars >= MIN_RESTATED_CHARS;
    }

    private static LlmChunk replaceText(LlmChunk chunk, String text) {
        if (text.isEmpty() && !chunk.isLast() && chunk.reasoning().isEmpty() && !ChunkContent.carriesToolCall(chunk)) {
            return null;
        }
        return chunk.toBuilder().text(text).build();
    }
}
