package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.PolicyViolation;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.error.TransportError;
import io.relay4j.core.internal.router.AttemptDeadlines;
import io.relay4j.core.internal.stream.AttemptTimeouts;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.ProviderBuilder;
import io.relay4j.simulator.Await;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import io.relay4j.simulator.Vendor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Signal;

/**
 * Every simulated fault through each real provider over real HTTP comes out as the taxonomy's type for it,
 * for whole answers and streams alike; the simulator confirms it injected exactly that fault.
 */
@ExtendWith(NettyLeakGuard.class)
class ProviderFaultsEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static final Duration SILENCE = Duration.ofMillis(300);
    private static final int TOKENS_BEFORE_FAULT = 3;
    private static final LlmRequest REQUEST = LlmRequest.of("Tell me a story");

    private SimulatorServer server;
    private LlmProvider provider;

    /** The two ways to call a provider. */
    enum Mode {
        GENERATE, STREAM;

        Flux<?> call(LlmProvider provider) {
            return this == GENERATE ? provider.generate(REQUEST).flux() : provider.stream(REQUEST);
        }
    }

    /** What a call delivered before it failed. */
    private record Failure(List<?> delivered, LlmException error) {
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        Simulators.stop(server);
    }

    static Stream<Arguments> everyVendorAndMode() {
        return Arrays.stream(SimulatedVendor.values())
                .flatMap(vendor -> Arrays.stream(Mode.values()).map(mode -> Arguments.of(vendor, mode)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendorAndMode")
    void aBanIsAPolicyViolation(SimulatedVendor vendor, Mode mode) {
        LlmException error = failure(vendor, mode, Fault.BAN_403).error();

        assertThat(error).isInstanceOf(PolicyViolation.class);
        assertThat(error.httpStatus()).hasValue(403);
        assertThat(error.provider()).isEqualTo(provider.name());
        assertRequestIdOfAStatusFault(vendor, error);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendorAndMode")
    void aRateLimitIsRateLimitedWithTheServersRetryAfter(SimulatedVendor vendor, Mode mode) {
        LlmException error = failure(vendor, mode, Fault.RATE_LIMIT_429).error();

        assertThat(error).isInstanceOfSatisfying(RateLimited.class, limited ->
                assertThat(limited.quotaExhausted()).isFalse());
        assertThat(error.httpStatus()).hasValue(429);
        assertThat(error.retryAfter()).contains(RETRY_AFTER);
        assertRequestIdOfAStatusFault(vendor, error);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendorAndMode")
    void aSpentQuotaIsRateLimitedWithQuotaExhausted(SimulatedVendor vendor, Mode mode) {
        LlmException error = failure(vendor, mode, Fault.QUOTA_EXHAUSTED).error();

        assertThat(error).isInstanceOfSatisfying(RateLimited.class, limited ->
                assertThat(limited.quotaExhausted()).isTrue());
        // Anthropic says it with 402 billing_error, the others with 429
        assertThat(error.httpStatus()).hasValue(vendor == SimulatedVendor.ANTHROPIC ? 402 : 429);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendorAndMode")
    void anOverloadIsOverloaded(SimulatedVendor vendor, Mode mode) {
        LlmException error = failure(vendor, mode, Fault.OVERLOADED_529).error();

        assertThat(error).isInstanceOf(Overloaded.class);
        assertThat(error.httpStatus()).hasValue(vendor == SimulatedVendor.ANTHROPIC ? 529 : 503);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendorAndMode")
    void anUnavailableServiceIsOverloaded(SimulatedVendor vendor, Mode mode) {
        LlmException error = failure(vendor, mode, Fault.UNAVAILABLE_503).error();

        assertThat(error).isInstanceOf(Overloaded.class);
        assertThat(error.httpStatus()).hasValue(503);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendorAndMode")
    void anInternalErrorIsAServerError(SimulatedVendor vendor, Mode mode) {
        LlmException error = failure(vendor, mode, Fault.SERVER_ERROR_500).error();

        assertThat(error).isInstanceOf(ServerError.class);
        assertThat(error.httpStatus()).hasValue(500);
        assertRequestIdOfAStatusFault(vendor, error);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendorAndMode")
    void aResetConnectionIsATransportErrorBeforeTheResponse(SimulatedVendor vendor, Mode mode) {
        LlmException error = failure(vendor, mode, Fault.CONNECTION_RESET).error();

        assertThat(error).isInstanceOfSatisfying(TransportError.class, transport ->
                assertThat(transport.beforeResponse()).isTrue());
        assertThat(error.httpStatus()).isEmpty();
    }

    /** As {@code ErrorClassifier} documents: a non-JSON 5xx page is classified by its status alone. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendorAndMode")
    void aProxysHtmlErrorPageIsAServerErrorThatNeverQuotesThePage(SimulatedVendor vendor, Mode mode) {
        LlmException error = failure(vendor, mode, Fault.HTML_ERROR_PAGE).error();

        assertThat(error).isInstanceOf(ServerError.class);
        assertThat(error.httpStatus()).hasValue(502);
        assertThat(error.getMessage()).contains("HTML").doesNotContain("<");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendorAndMode")
    void aStallIsAnIdleTimeoutAndTheClientLeaves(SimulatedVendor vendor, Mode mode) {
        // a stalled whole answer is bounded by the response timeout, which also bounds each read of its body; a
        // stalled stream by the router's idle deadline (the provider has none of its own), applied here alone
        AttemptDeadlines idle = new AttemptDeadlines(TIMEOUT, SILENCE, TIMEOUT);
        Failure failure = failure(vendor, mode, Fault.STALL_MID_STREAM, builder -> builder.responseHeadersTimeout(SILENCE),
                calls -> mode == Mode.STREAM
                        ? AttemptTimeouts.apply(calls.cast(LlmChunk.class), provider.name(), idle).cast(Object.class)
                        : calls);

        assertThat(failure.error()).isInstanceOfSatisfying(Timeout.class, timeout ->
                assertThat(timeout.kind()).isEqualTo(Timeout.Kind.IDLE));
        if (mode == Mode.STREAM) {
            assertThat(failure.delivered()).hasSize(TOKENS_BEFORE_FAULT);
        }
        Await.stats(server, stats -> stats.cancellations() == 1 && stats.requestsInFlight() == 0);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SimulatedVendor.class)
    void brokenJsonInAWholeAnswerIsAMalformedResponse(SimulatedVendor vendor) {
        LlmException error = failure(vendor, Mode.GENERATE, Fault.MALFORMED_JSON).error();

        assertThat(error).isInstanceOf(MalformedResponse.class);
        assertThat(error.httpStatus()).hasValue(200);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SimulatedVendor.class)
    void brokenJsonEventFailsAStrictStreamWithAMalformedResponse(SimulatedVendor vendor) {
        Failure failure = failure(vendor, Mode.STREAM, Fault.MALFORMED_JSON, builder -> builder.strictStreams(true));

        assertThat(failure.error()).isInstanceOf(MalformedResponse.class);
        assertThat(failure.delivered()).hasSize(TOKENS_BEFORE_FAULT);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SimulatedVendor.class)
    void brokenJsonEventIsSkippedByALenientStreamThatThenEndsNormally(SimulatedVendor vendor) {
        serve(vendor, Fault.MALFORMED_JSON, builder -> { });

        List<LlmChunk> chunks = provider.stream(REQUEST).collectList().block(TIMEOUT);

        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.isLast()).isTrue();
        String text = chunks.stream().map(LlmChunk::text).collect(Collectors.joining());
        assertThat(text.split(" ")).hasSize(Behaviour.DEFAULT_ANSWER_TOKENS);
        assertThat(last.usage().orElseThrow().outputTokens()).isEqualTo(Behaviour.DEFAULT_ANSWER_TOKENS);
        assertThat(server.stats().faults(Fault.MALFORMED_JSON)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SimulatedVendor.class)
    void aStreamCutBeforeItsEndMarkerIsAMalformedResponse(SimulatedVendor vendor) {
        Failure failure = failure(vendor, Mode.STREAM, Fault.TRUNCATED_STREAM);

        assertThat(failure.error()).isInstanceOf(MalformedResponse.class);
        assertThat(failure.error().getMessage()).contains("ended");
        assertThat(failure.delivered()).hasSize(TOKENS_BEFORE_FAULT);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SimulatedVendor.class)
    void aWholeAnswerCutShortOfItsContentLengthIsATransportErrorDuringTheResponse(SimulatedVendor vendor) {
        LlmException error = failure(vendor, Mode.GENERATE, Fault.TRUNCATED_STREAM).error();

        assertThat(error).isInstanceOfSatisfying(TransportError.class, transport ->
                assertThat(transport.beforeResponse()).isFalse());
        assertThat(error.httpStatus()).hasValue(200);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SimulatedVendor.class)
    void anErrorInsideAStreamIsTypedByTheVendorsErrorCode(SimulatedVendor vendor) {
        Failure failure = failure(vendor, Mode.STREAM, Fault.IN_STREAM_ERROR);

        // OpenAI (and Azure, which sends OpenAI's) server_error, Anthropic overloaded_error, Gemini UNAVAILABLE
        ErrorType expected = vendor.vendor() == Vendor.OPENAI || vendor.vendor() == Vendor.AZURE_OPENAI
                ? ErrorType.SERVER_ERROR : ErrorType.OVERLOADED;
        assertThat(failure.error().type()).isEqualTo(expected);
        assertThat(failure.error().getMessage()).contains("reported an error");
        assertThat(failure.delivered()).hasSize(TOKENS_BEFORE_FAULT);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SimulatedVendor.class)
    void aWholeAnswerGetsTheStatusErrorTheVendorSendsInsteadOfAnInStreamError(SimulatedVendor vendor) {
        LlmException error = failure(vendor, Mode.GENERATE, Fault.IN_STREAM_ERROR).error();

        switch (vendor.vendor()) {
            case OPENAI, AZURE_OPENAI -> assertThat(error).isInstanceOf(ServerError.class)
                    .returns(500, e -> e.httpStatus().getAsInt());
            case ANTHROPIC -> assertThat(error).isInstanceOf(Overloaded.class).returns(529, e -> e.httpStatus().getAsInt());
            case GEMINI -> assertThat(error).isInstanceOf(Overloaded.class).returns(503, e -> e.httpStatus().getAsInt());
        }
    }

    private Failure failure(SimulatedVendor vendor, Mode mode, Fault fault) {
        return failure(vendor, mode, fault, builder -> { });
    }

    private Failure failure(SimulatedVendor vendor, Mode mode, Fault fault, Consumer<ProviderBuilder<?>> tuning) {
        return failure(vendor, mode, fault, tuning, calls -> calls);
    }

    /** As above, the call seen through {@code deadlines} (the router's, where a test applies them). */
    private Failure failure(SimulatedVendor vendor, Mode mode, Fault fault, Consumer<ProviderBuilder<?>> tuning,
                            UnaryOperator<Flux<Object>> deadlines) {
        serve(vendor, fault, tuning);
        List<Signal<Object>> signals = deadlines.apply(mode.call(provider).cast(Object.class)).materialize()
                .collectList().block(TIMEOUT);

        Signal<Object> end = signals.get(signals.size() - 1);
        assertThat(end.isOnError()).as("the call fails, got %s", signals).isTrue();
        assertThat(end.getThrowable()).isInstanceOf(LlmException.class);
        assertThat(server.stats().faults(fault)).as("the simulator injected the fault once").isEqualTo(1);
        assertThat(server.stats().requestsReceived()).as("a warm-up call, then the faulty one").isEqualTo(2);
        List<Object> delivered = signals.stream().filter(Signal::isOnNext).map(Signal::get).toList();
        return new Failure(delivered, (LlmException) end.getThrowable());
    }

    /**
     * A provider whose first call has been answered (so that short deadlines measure the fault, not a cold
     * start of the JVM's HTTP code), calling a server that injects {@code fault} into every request from now on.
     */
    private void serve(SimulatedVendor vendor, Fault fault, Consumer<ProviderBuilder<?>> tuning) {
        server = Simulators.start(vendor.vendor(), Behaviour.healthy());
        provider = vendor.connect(server, tuning);
        provider.generate(REQUEST).block(TIMEOUT);
        server.setBehaviour(Behaviour.builder()
                .faultRate(fault, 1.0)
                .faultAfterTokens(TOKENS_BEFORE_FAULT)
                .retryAfter(RETRY_AFTER)
                .seed(5)
                .build());
    }

    /** OpenAI and Anthropic send a request id header with every reply; Gemini sends none with an error. */
    private static void assertRequestIdOfAStatusFault(SimulatedVendor vendor, LlmException error) {
        if (vendor.vendor() == Vendor.GEMINI) {
            assertThat(error.requestId()).isEmpty();
        } else {
            assertThat(error.requestId()).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        }
    }
}
