package io.relay4j.benchmarks.fleet;

import io.relay4j.benchmarks.router.InMemoryProvider;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.PolicyViolation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An in-process provider with no I/O: it answers {@link InMemoryProvider}'s fixed response after a fixed delay (at
 * once for zero), or, while {@code banned} says so, refuses with a 403 {@link PolicyViolation}, which trips it at
 * once (the router's default policy for a ban). It counts its answers and its bans.
 */
final class ScriptedProvider implements LlmProvider {

    private final String name;
    private final Mono<LlmResponse> answer;
    private final Flux<LlmChunk> chunks;
    private final BooleanSupplier banned;
    private final AtomicLong answers = new AtomicLong();
    private final AtomicLong bans = new AtomicLong();

    ScriptedProvider(String name, Duration delay, BooleanSupplier banned) {
        InMemoryProvider fixed = InMemoryProvider.answering(name);
        LlmRequest any = LlmRequest.of("any");
        this.name = name;
        this.answer = delay.isZero() ? fixed.generate(any) : fixed.generate(any).delayElement(delay);
        this.chunks = fixed.stream(any);
        this.banned = banned;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<LlmResponse> generate(LlmRequest request) {
        if (banned.getAsBoolean()) {
            bans.incrementAndGet();
            return Mono.error(() -> new PolicyViolation("banned (scripted)", ErrorDetails.of(name).withStatus(403)));
        }
        answers.incrementAndGet();
        return answer;
    }

    @Override
    public Flux<LlmChunk> stream(LlmRequest request) {
        return chunks;
    }

    long answers() {
        return answers.get();
    }

    long bans() {
        return bans.get();
    }
}
