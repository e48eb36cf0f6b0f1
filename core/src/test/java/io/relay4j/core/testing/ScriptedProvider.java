package io.relay4j.core.testing;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.ModelNotFound;
import io.relay4j.core.spi.ProviderCallObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An in-memory provider whose every call follows a script: answer, fail, hang or stream, each after
 * an optional delay. Delays use Reactor's timed operators, so tests drive them with virtual time.
 * It counts calls, cancellations and calls in flight, so a test can check what really reached it.
 *
 * <p>Steps queued with {@link #then(Step)} are used once each, in order; after they run out every
 * call uses the {@link #otherwise(Step)} step (by default: answer "ok from NAME").
 */
public final class ScriptedProvider implements LlmProvider {

    /** What one call does. */
    @FunctionalInterface
    public interface Step {
        Flux<LlmChunk> run(ScriptedProvider provider, LlmRequest request);

        /** This step's chunks, then {@code next}'s, in one call. */
        default Step andThen(Step next) {
            return (p, r) -> run(p, r).concatWith(Flux.defer(() -> next.run(p, r)));
        }
    }

    private final String name;
    private final ProviderInfo info;
    private final Queue<Step> script = new ConcurrentLinkedQueue<>();
    private volatile Step otherwise;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger cancellations = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private final Queue<LlmRequest> requests = new ConcurrentLinkedQueue<>();

    private ScriptedProvider(String name, ProviderInfo info) {
        this.name = name;
        this.info = info;
        this.otherwise = answer("ok from " + name);
    }

    public static ScriptedProvider named(String name) {
        return new ScriptedProvider(name, ProviderInfo.of("scripted", "scripted-model"));
    }

    public static ScriptedProvider named(String name, ProviderInfo info) {
        return new ScriptedProvider(name, info);
    }

    /** Queues a step for the next unscripted call. */
    public ScriptedProvider then(Step step) {
        script.add(Objects.requireNonNull(step));
        return this;
    }

    /** The step for every call once the queued steps are used up. */
    public ScriptedProvider otherwise(Step step) {
        this.otherwise = Objects.requireNonNull(step);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public Mono<LlmResponse> generate(LlmRequest request) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return call(request)
                    .collectList()
                    .map(chunks -> toResponse(chunks, Duration.ofNanos(System.nanoTime() - start)));
        });
    }

    @Override
    public Flux<LlmChunk> stream(LlmRequest request) {
        return call(request);
    }

    /** Counts the closes. */
    @Override
    public void close() {
        closes.incrementAndGet();
    }

    private Flux<LlmChunk> call(LlmRequest request) {
        return Flux.defer(() -> {
            calls.incrementAndGet();
            requests.add(request);
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            Step step = script.poll();
            return (step != null ? step : otherwise).run(this, request);
        }).doOnCancel(cancellations::incrementAndGet).doFinally(s -> inFlight.decrementAndGet());
    }

    private LlmResponse toResponse(List<LlmChunk> chunks, Duration latency) {
        StringBuilder text = new StringBuilder();
        FinishReason reason = FinishReason.STOP;
        Usage usage = Usage.NONE;
        String model = info.model();
        Message message = null;
        for (LlmChunk c : chunks) {
            text.append(c.text());
            if (c.isLast()) {
                reason = c.finishReason().orElse(FinishReason.STOP);
                usage = c.usage().orElse(Usage.NONE);
                model = c.model().orElse(model);
                message = c.message().orElse(null);
            }
        }
        // the whole answer as the last chunk assembled it, as real providers build both from one decoder
        LlmResponse.Builder response = message != null ? LlmResponse.builder().message(message)
                : LlmResponse.builder().content(text.toString());
        return response.provider(name).model(model).usage(usage).latency(latency)
                .finishReason(reason).requestId(Optional.of("req-" + name + "-" + calls.get())).build();
    }

    // ---- steps ----

    /** Answers at once with {@code text}, as one text chunk and a last chunk. */
    public static Step answer(String text) {
        return answerAfter(Duration.ZERO, text);
    }

    /** Answers with {@code text} after {@code delay}. */
    public static Step answerAfter(Duration delay, String text) {
        return (p, r) -> delayed(delay, Flux.just(LlmChunk.text(text),
                LlmChunk.last("", FinishReason.STOP, Usage.of(10, 5), p.info.model())));
    }

    /** Streams the given pieces, one every {@code perChunk}, then a last chunk. */
    public static Step streamOf(Duration perChunk, String... pieces) {
        return (p, r) -> Flux.fromArray(pieces)
                .concatMap(piece -> Mono.delay(perChunk).thenReturn(LlmChunk.text(piece)))
                .concatWith(Mono.fromSupplier(() -> LlmChunk.last("", FinishReason.STOP,
                        Usage.of(10, pieces.length), p.info.model())));
    }

    /**
     * Streams the given pieces then a last chunk, as a provider does that skipped {@code skipped} unparseable
     * events on the way: each skip is reported to the call's {@link ProviderCallObserver} before the pieces.
     */
    public static Step streamWithSkippedEvents(int skipped, String... pieces) {
        return (p, r) -> Flux.deferContextual(context -> {
            ProviderCallObserver observer = ProviderCallObserver.of(context);
            for (int i = 0; i < skipped; i++) {
                observer.malformedEventSkipped("a stream event is not valid JSON");
            }
            return Flux.fromArray(pieces).map(LlmChunk::text)
                    .concatWith(Mono.fromSupplier(() -> LlmChunk.last("", FinishReason.STOP,
                            Usage.of(10, pieces.length), p.info.model())));
        });
    }

    /** Streams the given pieces, one every {@code perChunk}, then fails with the error. */
    public static Step streamThenFail(Duration perChunk, Function<String, LlmException> error, String... pieces) {
        return (p, r) -> Flux.fromArray(pieces)
                .concatMap(piece -> Mono.delay(perChunk).thenReturn(LlmChunk.text(piece)))
                .concatWith(Mono.error(() -> error.apply(p.name)));
    }

    /**
     * Streams the given chunks, one every {@code perChunk}, as they are: any kind (reasoning, tool calls, a last
     * chunk carrying the whole message, which {@link #generate} then answers with).
     */
    public static Step chunks(Duration perChunk, LlmChunk... chunks) {
        return (p, r) -> Flux.fromArray(chunks).concatMap(chunk -> Mono.delay(perChunk).thenReturn(chunk));
    }

    /** Streams the given chunks, one every {@code perChunk}, then fails with the error. */
    public static Step chunksThenFail(Duration perChunk, Function<String, LlmException> error, LlmChunk... chunks) {
        return (p, r) -> chunks(perChunk, chunks).run(p, r).concatWith(Mono.error(() -> error.apply(p.name)));
    }

    /** Fails at once with the error the function builds for this provider's name. */
    public static Step fail(Function<String, LlmException> error) {
        return failAfter(Duration.ZERO, error);
    }

    /** Fails after {@code delay}. */
    public static Step failAfter(Duration delay, Function<String, LlmException> error) {
        return (p, r) -> delayed(delay, Flux.error(() -> error.apply(p.name)));
    }

    /** Never answers: a silent provider (only a timeout or a cancel ends the call). */
    public static Step hang() {
        return (p, r) -> Flux.never();
    }

    /** Blocks the calling thread: must be caught by BlockHound when run on a non-blocking thread. */
    public static Step blockingFor(Duration duration) {
        return (p, r) -> Flux.defer(() -> {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Flux.just(LlmChunk.last("slept", FinishReason.STOP, Usage.NONE, p.info.model()));
        });
    }

    /**
     * Answers as a vendor does that serves only its configured model and {@code otherModels}: a request
     * naming any other model fails at once with a 404 {@link ModelNotFound}, and an answer reports the model
     * it was asked for (else the configured one).
     */
    public static Step serving(String... otherModels) {
        List<String> served = List.of(otherModels);
        return (p, r) -> {
            String model = r.model().orElse(p.info.model());
            if (!model.equals(p.info.model()) && !served.contains(model)) {
                return Flux.error(() -> new ModelNotFound("The model `" + model + "` does not exist",
                        ErrorDetails.of(p.name).withStatus(404)));
            }
            return Flux.just(LlmChunk.text("ok from " + p.name),
                    LlmChunk.last("", FinishReason.STOP, Usage.of(10, 5), model));
        };
    }

    /** A step chosen per call, for randomised tests. */
    public static Step choose(Supplier<Step> chooser) {
        return (p, r) -> chooser.get().run(p, r);
    }

    private static Flux<LlmChunk> delayed(Duration delay, Flux<LlmChunk> body) {
        return delay.isZero() ? body : Mono.delay(delay).thenMany(body);
    }

    // ---- what reached the provider ----

    public int calls() {
        return calls.get();
    }

    public int cancellations() {
        return cancellations.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    /** How many times {@link #close()} was called. */
    public int closes() {
        return closes.get();
    }

    public List<LlmRequest> requests() {
        return new ArrayList<>(requests);
    }
}
