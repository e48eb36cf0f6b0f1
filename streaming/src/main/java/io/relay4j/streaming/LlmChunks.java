package io.relay4j.streaming;

import io.relay4j.core.ContentPart;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Folds a stream of chunks into the whole answer, so {@code generate} can be served by a stream.
 *
 * <p>The answer's message is the last chunk's {@link LlmChunk#message()} where it carries one (every relay4j
 * provider and the router assemble it); otherwise it is built from the chunks: the reasoning deltas, the text
 * deltas and the complete tool calls, in that order. Its finish reason, usage, model, provider, attempts and
 * cost come from the last chunk ({@link LlmChunk#isLast()}); its latency runs from subscription to the last
 * chunk, on {@code Schedulers.parallel()}'s clock (so virtual time drives it). A stream that completes without
 * a last chunk, or sends a chunk after it, fails with {@link MalformedResponse}: a truncated answer is never
 * returned as if it were whole. Errors of the stream pass through unchanged.
 */
public final class LlmChunks {

    private LlmChunks() {
    }

    /**
     * The answer {@code chunks} add up to.
     *
     * @param providerName names the provider in errors, and in the answer when the last chunk names none
     */
    public static Mono<LlmResponse> toResponse(Flux<LlmChunk> chunks, String providerName) {
        Objects.requireNonNull(chunks, "chunks must not be null");
        Objects.requireNonNull(providerName, "providerName must not be null");
        return Mono.defer(() -> {
            long startNanos = Schedulers.parallel().now(TimeUnit.NANOSECONDS);
            return chunks.collect(() -> new Accumulator(providerName), Accumulator::add)
                    .map(accumulator -> accumulator.response(
                            Duration.ofNanos(Schedulers.parallel().now(TimeUnit.NANOSECONDS) - startNanos)));
        });
    }

    /** Gathers one subscription's chunks; used by one subscriber at a time, as Reactor guarantees. */
    private static final class Accumulator {
        private final String providerName;
        private final StringBuilder text = new StringBuilder();
        private StringBuilder reasoning;
        private List<ToolCall> toolCalls;
        private LlmChunk last;

        Accumulator(String providerName) {
            this.providerName = providerName;
        }

        void add(LlmChunk chunk) {
            if (last != null) {
                throw malformed("the stream sent a chunk after its last chunk");
            }
            text.append(chunk.text());
            if (!chunk.reasoning().isEmpty()) {
                if (reasoning == null) {
                    reasoning = new StringBuilder();
                }
                reasoning.append(chunk.reasoning());
            }
            if (chunk.toolCall().isPresent()) {
                if (toolCalls == null) {
                    toolCalls = new ArrayList<>();
                }
                toolCalls.add(chunk.toolCall().get());
            }
            if (chunk.isLast()) {
                last = chunk;
            }
        }

        LlmResponse response(Duration latency) {
            if (last == null) {
                throw malformed("the stream ended without its last chunk (" + text.length()
                        + " characters received); the answer is incomplete");
            }
            return LlmResponse.builder().message(last.message().orElseGet(this::message)).provider(last.provider().orElse(providerName))
                    .model(last.model().orElse("")).usage(last.usage().orElse(Usage.NONE)).latency(latency)
                    .finishReason(last.finishReason().orElseThrow()).cost(last.cost()).attempts(last.attempts())
                    .build();
        }

        private Message message() {
            if (reasoning == null && toolCalls == null) {
                return Message.assistant(text.toString());
            }
            List<ContentPart> parts = new ArrayList<>();
            if (reasoning != null) {
                parts.add(ReasoningPart.of(reasoning.toString()));
            }
            if (text.length() > 0 || toolCalls == null) {
                parts.add(TextPart.of(text.toString()));
            }
            if (toolCalls != null) {
                parts.addAll(toolCalls);
            }
            return Message.assistant(parts);
        }

        private MalformedResponse malformed(String message) {
            return new MalformedResponse(message, ErrorDetails.of(providerName));
        }
    }
}
