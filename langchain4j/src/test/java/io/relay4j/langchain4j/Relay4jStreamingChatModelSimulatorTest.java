package io.relay4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Relay4jStreamingChatModel} over real HTTP to the simulator, with the primary banned (403). */
@ExtendWith(NettyLeakGuard.class)
class Relay4jStreamingChatModelSimulatorTest {

    private static final ToolSpecification WEATHER = ToolSpecification.builder().name("weather")
            .description("The current weather in a city")
            .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
            .build();
    private static final ToolSpecification TIME = ToolSpecification.builder().name("local_time")
            .description("The local time in a city")
            .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
            .build();

    private static SimulatedProviders sim;
    private LlmRouter router;

    @BeforeAll
    static void start() {
        sim = SimulatedProviders.start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void banThePrimary() {
        sim.heal();
        sim.anthropic.setBehaviour(Behaviour.always(Fault.BAN_403));
        router = sim.anthropicThenOpenAi();
    }

    @AfterEach
    void closeRouter() {
        router.close();
    }

    /** Everything a handler heard, in order. */
    static final class Recorder implements StreamingChatResponseHandler {
        final List<String> partials = new CopyOnWriteArrayList<>();
        final List<PartialToolCall> partialCalls = new CopyOnWriteArrayList<>();
        final List<CompleteToolCall> completeCalls = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        final List<Object> ends = new CopyOnWriteArrayList<>();
        BiConsumer<PartialResponse, PartialResponseContext> onPartial = (p, c) -> { };

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            partials.add(partial.text());
            onPartial.accept(partial, context);
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall) {
            partialCalls.add(partialToolCall);
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall completeToolCall) {
            completeCalls.add(completeToolCall);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            ends.add(response);
            done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            ends.add(error);
            done.completeExceptionally(error);
        }

        ChatResponse await() throws Exception {
            return done.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void partialResponsesThenTheWholeAnswerFromTheSecondary() throws Exception {
        Relay4jStreamingChatModel model = Relay4jStreamingChatModel.builder().router(router).build();
        Recorder recorder = new Recorder();

        model.chat("Tell me a story.", recorder);

        ChatResponse response = recorder.await();
        assertThat(recorder.partials).hasSizeGreaterThan(1);
        assertThat(String.join("", recorder.partials)).isEqualTo(response.aiMessage().text());
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().outputTokenCount()).isPositive();
        Relay4jChatResponseMetadata metadata = (Relay4jChatResponseMetadata) response.metadata();
        assertThat(metadata.provider()).isEqualTo("openai");
        assertThat(metadata.attempts()).extracting(a -> a.provider()).containsExactly("anthropic", "openai");
        assertThat(recorder.ends).singleElement().isSameAs(response);
    }

    @Test
    void partialAndCompleteToolCallsThenAnAnswerThatCallsThem() throws Exception {
        Relay4jStreamingChatModel model = Relay4jStreamingChatModel.builder().router(router).build();
        Recorder recorder = new Recorder();
        ChatRequest request = ChatRequest.builder()
                .messages(UserMessage.from("Weather and time in Lima? [sim:tools=parallel]"))
                .parameters(ChatRequestParameters.builder().toolSpecifications(WEATHER, TIME).build())
                .build();

        model.chat(request, recorder);

        ChatResponse response = recorder.await();
        List<ToolExecutionRequest> calls = response.aiMessage().toolExecutionRequests();
        assertThat(calls).extracting(ToolExecutionRequest::name).containsExactly("weather", "local_time");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(recorder.completeCalls).extracting(CompleteToolCall::index).containsExactly(0, 1);
        assertThat(recorder.completeCalls).extracting(CompleteToolCall::toolExecutionRequest)
                .containsExactlyElementsOf(calls);
        // the fragments of each call, in order, are its arguments
        Map<Integer, StringBuilder> fragments = new TreeMap<>();
        for (PartialToolCall partial : recorder.partialCalls) {
            fragments.computeIfAbsent(partial.index(), i -> new StringBuilder()).append(partial.partialArguments());
            assertThat(partial.name()).isEqualTo(calls.get(partial.index()).name());
        }
        assertThat(recorder.partialCalls).hasSizeGreaterThan(2);
        assertThat(fragments).hasSize(2);
        assertThat(fragments.get(0).toString()).isEqualTo(calls.get(0).arguments());
        assertThat(fragments.get(1).toString()).isEqualTo(calls.get(1).arguments());
    }

    @Test
    void withoutPartialToolCallsOnlyCompleteCallsArrive() throws Exception {
        Relay4jStreamingChatModel model = Relay4jStreamingChatModel.builder().router(router)
                .partialToolCalls(false).build();
        Recorder recorder = new Recorder();

        model.chat(ChatRequest.builder().messages(UserMessage.from("Weather? [sim:tools=single]"))
                .parameters(ChatRequestParameters.builder().toolSpecifications(WEATHER).build()).build(), recorder);

        recorder.await();
        assertThat(recorder.partialCalls).isEmpty();
        assertThat(recorder.completeCalls).hasSize(1);
    }

    @Test
    void cancellingThroughTheHandleClosesTheUpstreamExchange() throws Exception {
        sim.openai.setBehaviour(Behaviour.builder().answerTokens(400).tokenDelay(Duration.ofMillis(20)).build());
        long cancellations = sim.openai.stats().cancellations();
        long answers = sim.openai.stats().answersCompleted();
        Relay4jStreamingChatModel model = Relay4jStreamingChatModel.builder().router(router).build();
        Recorder recorder = new Recorder();
        CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
        recorder.onPartial = (partial, context) -> {
            context.streamingHandle().cancel();
            cancelled.complete(context.streamingHandle().isCancelled());
        };

        model.chat("Tell me a long story.", recorder);

        assertThat(cancelled.get(30, TimeUnit.SECONDS)).isTrue();
        SimulatedProviders.awaitStats(sim.openai,
                stats -> stats.cancellations() == cancellations + 1 && stats.requestsInFlight() == 0);
        assertThat(sim.openai.stats().answersCompleted()).isEqualTo(answers);
        assertThat(recorder.partials).hasSize(1);
        assertThat(recorder.ends).isEmpty();
    }

    @Test
    void aHandlerThatThrowsEndsTheStreamAndGetsItsErrorOnce() throws Exception {
        sim.openai.setBehaviour(Behaviour.builder().answerTokens(400).tokenDelay(Duration.ofMillis(20)).build());
        long cancellations = sim.openai.stats().cancellations();
        Relay4jStreamingChatModel model = Relay4jStreamingChatModel.builder().router(router).build();
        Recorder recorder = new Recorder();
        IllegalStateException boom = new IllegalStateException("the handler broke");
        recorder.onPartial = (partial, context) -> {
            throw boom;
        };

        model.chat("Tell me a long story.", recorder);

        SimulatedProviders.awaitStats(sim.openai,
                stats -> stats.cancellations() == cancellations + 1 && stats.requestsInFlight() == 0);
        assertThat(recorder.done).isCompletedExceptionally();
        assertThat(recorder.ends).containsExactly(boom);
        assertThat(recorder.partials).hasSize(1);
    }

    @Test
    void anUnsupportedParameterIsAnErrorBeforeAnyProviderIsCalled() throws Exception {
        long requests = sim.anthropic.stats().requestsReceived() + sim.openai.stats().requestsReceived();
        Relay4jStreamingChatModel model = Relay4jStreamingChatModel.builder().router(router).build();
        Recorder recorder = new Recorder();

        model.chat(ChatRequest.builder().messages(UserMessage.from("Hi"))
                .parameters(ChatRequestParameters.builder().topK(5).build()).build(), recorder);

        assertThat(recorder.done).failsWithin(Duration.ofSeconds(30)).withThrowableThat()
                .havingCause().isInstanceOf(UnsupportedFeatureException.class).withMessageContaining("topK");
        assertThat(sim.anthropic.stats().requestsReceived() + sim.openai.stats().requestsReceived())
                .isEqualTo(requests);
    }

    @Test
    void listenersSeeTheStreamedRequestAndItsWholeResponse() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext context) {
                seen.add(context.chatRequest());
            }

            @Override
            public void onResponse(ChatModelResponseContext context) {
                seen.add(context.chatResponse());
            }
        };
        Relay4jStreamingChatModel model = Relay4jStreamingChatModel.builder().router(router)
                .listeners(List.of(listener)).build();
        Recorder recorder = new Recorder();

        model.chat("Say hello.", recorder);

        ChatResponse response = recorder.await();
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isInstanceOf(ChatRequest.class);
        assertThat(seen.get(1)).isSameAs(response);
    }
}
