package io.relay4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Relay4jChatModel} over real HTTP to the simulator, with the primary banned (403). */
@ExtendWith(NettyLeakGuard.class)
class Relay4jChatModelSimulatorTest {

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

    @Test
    void chatFailsOverFromTheBannedPrimaryAndSaysWhoServed() {
        long bans = sim.anthropic.stats().faults(Fault.BAN_403);
        ChatModel model = Relay4jChatModel.builder().router(router).build();

        ChatResponse response = model.chat(UserMessage.from("Say hello."));

        assertThat(response.aiMessage().text()).isNotBlank();
        assertThat(response.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().inputTokenCount()).isPositive();
        assertThat(response.tokenUsage().outputTokenCount()).isPositive();
        assertThat(response.modelName()).startsWith("gpt-4o-mini");
        assertThat(response.metadata()).isInstanceOfSatisfying(Relay4jChatResponseMetadata.class, metadata -> {
            assertThat(metadata.provider()).isEqualTo("openai");
            assertThat(metadata.attempts()).extracting(Attempt::provider, Attempt::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("anthropic", Attempt.Outcome.FAILED),
                            org.assertj.core.groups.Tuple.tuple("openai", Attempt.Outcome.SUCCESS));
            assertThat(metadata.cost()).isPresent();
            assertThat(metadata.latency()).isPositive();
        });
        assertThat(sim.anthropic.stats().faults(Fault.BAN_403)).isEqualTo(bans + 1);
    }

    @Test
    void chatOfAStringReturnsTheText() {
        ChatModel model = Relay4jChatModel.builder().router(router).build();

        assertThat(model.chat("Say hello.")).isNotBlank();
    }

    @Test
    void aListenerSeesTheRequestAndTheResponse() {
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
        ChatModel model = Relay4jChatModel.builder().router(router).listeners(List.of(listener)).build();

        ChatResponse response = model.chat(UserMessage.from("Say hello."));

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isInstanceOfSatisfying(ChatRequest.class, request ->
                assertThat(((UserMessage) request.messages().get(0)).singleText()).isEqualTo("Say hello."));
        assertThat(seen.get(1)).isSameAs(response);
    }

    @Test
    void aListenerSeesTheErrorWhenEveryProviderFails() {
        sim.openai.setBehaviour(Behaviour.always(Fault.BAN_403));
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        ChatModelListener listener = new ChatModelListener() {
            @Override
            public void onError(ChatModelErrorContext context) {
                errors.add(context.error());
            }
        };
        ChatModel model = Relay4jChatModel.builder().router(router).listeners(List.of(listener)).build();

        assertThatThrownBy(() -> model.chat("Say hello.")).isInstanceOf(AllProvidersFailed.class);
        assertThat(errors).singleElement().isInstanceOf(AllProvidersFailed.class);
    }

    @Test
    void defaultRequestParametersReachTheRouterThroughDoChat() {
        // the default model name is one only the secondary declares: the router skips the primary untried
        long anthropicRequests = sim.anthropic.stats().requestsReceived();
        ChatModel model = Relay4jChatModel.builder().router(router)
                .defaultRequestParameters(ChatRequestParameters.builder().modelName("gpt-4o-mini").build())
                .build();

        ChatResponse response = model.chat(UserMessage.from("Say hello."));

        Relay4jChatResponseMetadata metadata = (Relay4jChatResponseMetadata) response.metadata();
        assertThat(metadata.attempts()).extracting(Attempt::provider, Attempt::skipReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("anthropic",
                                java.util.Optional.of(Attempt.SkipReason.MODEL_NOT_OFFERED)),
                        org.assertj.core.groups.Tuple.tuple("openai", java.util.Optional.empty()));
        assertThat(sim.anthropic.stats().requestsReceived()).isEqualTo(anthropicRequests);
    }

    @Test
    void aModelWithoutARouterIsRefusedAtBuild() {
        assertThatThrownBy(() -> Relay4jChatModel.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("router");
    }
}
