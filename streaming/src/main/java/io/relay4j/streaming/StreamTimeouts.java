package io.relay4j.streaming;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.Timeout;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;

/**
 * The three deadlines of a stream, applied as one operator; each one is optional and independent:
 * <ul>
 *   <li><b>first token</b>: from subscription until the first element that counts as a token;</li>
 *   <li><b>idle</b>: once a token arrived, the longest silence between two elements;</li>
 *   <li><b>total</b>: from subscription until the stream completes.</li>
 * </ul>
 * When a deadline passes, the upstream is cancelled and the stream fails with {@link Timeout} of kind
 * {@link Timeout.Kind#FIRST_TOKEN FIRST_TOKEN}, {@link Timeout.Kind#IDLE IDLE} or {@link Timeout.Kind#TOTAL TOTAL},
 * naming the provider. One timer per subscription, re-armed only when a deadline moves: on the shared timer wheel
 * of {@code io.relay4j.core.internal.timer.Deadlines}, or on {@code Schedulers.parallel()} when that was replaced
 * (looked up per subscription, so virtual time drives it and a deadline fires exactly on time). Instances are
 * immutable and may be shared; use {@code flux.transform(timeouts::apply)}.
 */
public final class StreamTimeouts {

    private final String providerName;
    private final Optional<Duration> firstToken;
    private final Optional<Duration> idle;
    private final Optional<Duration> total;

    private StreamTimeouts(Builder builder) {
        this.providerName = builder.providerName;
        this.firstToken = Optional.ofNullable(builder.firstToken);
        this.idle = Optional.ofNullable(builder.idle);
        this.total = Optional.ofNullable(builder.total);
    }

    /** Starts a configuration whose timeouts name {@code providerName}; every deadline is off until set. */
    public static Builder builder(String providerName) {
        return new Builder(providerName);
    }

    public Optional<Duration> firstToken() {
        return firstToken;
    }

    public Optional<Duration> idle() {
        return idle;
    }

    public Optional<Duration> total() {
        return total;
    }

    /** Applies the deadlines to a provider's chunks; a chunk with text, or the last chunk, counts as a token. */
    public Flux<LlmChunk> apply(Flux<LlmChunk> chunks) {
        return apply(chunks, chunk -> !chunk.text().isEmpty() || chunk.isLast());
    }

    /** Applies the deadlines to any stream; {@code countsAsToken} says which elements end the first-token wait. */
    public <T> Flux<T> apply(Flux<T> source, Predicate<? super T> countsAsToken) {
        Objects.requireNonNull(source, "source must not be null");
        Objects.requireNonNull(countsAsToken, "countsAsToken must not be null");
        if (firstToken.isEmpty() && idle.isEmpty() && total.isEmpty()) {
            return source;
        }
        return new DeadlineOperator<>(source, countsAsToken, firstToken, idle, total, this::timeout);
    }

    private Timeout timeout(Timeout.Kind kind) {
        String what = switch (kind) {
            case FIRST_TOKEN -> "no first token within " + firstToken.orElseThrow().toMillis() + " ms";
            case IDLE -> "the stream was silent for " + idle.orElseThrow().toMillis() + " ms";
            default -> "the stream did not finish within " + total.orElseThrow().toMillis() + " ms";
        };
        return new Timeout(what, ErrorDetails.of(providerName), kind);
    }

    @Override
    public String toString() {
        return "StreamTimeouts[provider=" + providerName + firstToken.map(d -> ", firstToken=" + d).orElse("")
                + idle.map(d -> ", idle=" + d).orElse("") + total.map(d -> ", total=" + d).orElse("") + "]";
    }

    /** Collects the deadlines; {@link #build()} checks them. */
    public static final class Builder {
        private final String providerName;
        private Duration firstToken;
        private Duration idle;
        private Duration total;

        private Builder(String providerName) {
            this.providerName = Objects.requireNonNull(providerName, "providerName must not be null");
        }

        /** The longest wait from subscription to the first token. */
        public Builder firstToken(Duration timeout) {
            this.firstToken = timeout;
            return this;
        }

        /** The longest silence between two elements once the first token arrived. */
        public Builder idle(Duration timeout) {
            this.idle = timeout;
            return this;
        }

        /** The longest time from subscription to the end of the stream. */
        public Builder total(Duration timeout) {
            this.total = timeout;
            return this;
        }

        public StreamTimeouts build() {
            if (providerName.isBlank()) {
                throw new IllegalArgumentException("providerName must not be blank: pass the provider's configured name");
            }
            requirePositive("firstToken", firstToken);
            requirePositive("idle", idle);
            requirePositive("total", total);
            return new StreamTimeouts(this);
        }

        private static void requirePositive(String name, Duration value) {
            if (value != null && (value.isZero() || value.isNegative())) {
                throw new IllegalArgumentException(name + " timeout must be positive, was " + value
                        + " (leave it unset to have no " + name + " deadline)");
            }
        }
    }
}
