package io.relay4j.benchmarks.router;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.router.ErrorPolicy;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;

/**
 * What the router costs per call when the provider costs nothing: {@code router.generate} over an
 * {@link InMemoryProvider} that answers synchronously, against subscribing to the provider directly; and the
 * same with one fallback (the first provider fails at once, the second answers), against the fallback a user
 * writes by hand ({@code onErrorResume}). Time per call in ns; with {@code -prof gc},
 * {@code gc.alloc.rate.norm} is bytes allocated per call. The router is built with its defaults (timeouts,
 * health tracking, events, default logging, which has no SLF4J provider to write to here); the fallback router
 * lets a server error fall over without cooling the provider down, so every call really tries both providers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class RouterOverheadBenchmark {

    private final LlmRequest request = LlmRequest.of("Explain pod affinity in one sentence.");
    private final LlmProvider answering = InMemoryProvider.answering("primary");
    private final LlmProvider failing = InMemoryProvider.failing("failing");
    private final LlmProvider secondary = InMemoryProvider.answering("secondary");

    private final LlmRouter router = LlmRouter.builder().provider(answering).build();
    private final LlmRouter fallbackRouter = LlmRouter.builder()
            .provider(failing)
            .provider(secondary)
            .errorPolicy(ErrorType.SERVER_ERROR, ErrorPolicy.of(ErrorPolicy.Action.FALL_OVER, ErrorPolicy.Cooldown.NONE))
            .build();

    @Benchmark
    public LlmResponse providerDirect() {
        return AnswerSink.await(answering.generate(request));
    }

    @Benchmark
    public LlmResponse router() {
        return AnswerSink.await(router.generate(request));
    }

    @Benchmark
    public LlmResponse handWrittenFallback() {
        Mono<LlmResponse> withFallback = failing.generate(request).onErrorResume(error -> secondary.generate(request));
        return AnswerSink.await(withFallback);
    }

    @Benchmark
    public LlmResponse routerWithFallback() {
        return AnswerSink.await(fallbackRouter.generate(request));
    }
}
