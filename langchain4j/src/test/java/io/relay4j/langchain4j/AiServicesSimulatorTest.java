package io.relay4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.TokenStream;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Reasoning;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LangChain4j {@code AiServices} with a {@code @Tool} on relay4j models, against the simulator with the primary
 * banned (403): the tool is invoked with the model's arguments and its result feeds the final answer, which the
 * simulator writes as "Received N tool result(s)" only when the results came back paired with their calls.
 */
@ExtendWith(NettyLeakGuard.class)
class AiServicesSimulatorTest {

    interface Assistant {
        Result<String> chat(String message);
    }

    interface StreamingAssistant {
        TokenStream chat(String message);
    }

    static final class Weather {
        final List<String> cities = new CopyOnWriteArrayList<>();

        @Tool("The current weather in a city")
        String weather(@P("the city") String city) {
            cities.add(city);
            return "sunny in " + city;
        }
    }

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
    }

    @AfterEach
    void closeRouter() {
        router.close();
    }

    @Test
    void aToolIsInvokedAndItsResultFeedsTheFinalAnswer() {
        router = sim.anthropicThenOpenAi();
        Weather weather = new Weather();
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(Relay4jChatModel.builder().router(router).build())
                .tools(weather)
                .build();

        Result<String> answer = assistant.chat("What is the weather in Paris? [sim:tools=single]");

        assertThat(weather.cities).singleElement().asString().isNotEmpty();
        assertThat(answer.content()).startsWith("Received 1 tool result.");
        assertThat(answer.toolExecutions()).singleElement()
                .satisfies(execution -> assertThat(execution.result()).isEqualTo("sunny in " + weather.cities.get(0)));
        assertThat(((Relay4jChatResponseMetadata) answer.finalResponse().metadata()).provider()).isEqualTo("openai");
    }

    @Test
    void parallelCallsAreEachInvokedAndAllResultsGoBack() {
        router = sim.anthropicThenOpenAi();
        Weather weather = new Weather();
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(Relay4jChatModel.builder().router(router).build())
                .tools(weather)
                .chatMemory(MessageWindowChatMemory.withMaxMessages(20))
                .build();

        Result<String> answer = assistant.chat("Weather in two cities? [sim:tools=parallel]");

        assertThat(weather.cities).hasSize(2);
        assertThat(answer.content()).startsWith("Received 2 tool results.");
    }

    @Test
    void anthropicThinkingSignaturesSurviveTheToolLoop() {
        // with thinking on, Anthropic refuses (400) tool results whose assistant turn does not start with its signed
        // thinking block: the signature travels in the AiMessage's attributes through the chat memory and back
        sim.anthropic.setBehaviour(Behaviour.healthy());
        sim.openai.setBehaviour(Behaviour.always(Fault.BAN_403));
        router = sim.openAiThenAnthropic();
        Weather weather = new Weather();
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(Relay4jChatModel.builder().router(router)
                        .reasoning(Reasoning.budgetTokens(1024))
                        .defaultRequestParameters(ChatRequestParameters.builder().maxOutputTokens(4096).build())
                        .build())
                .tools(weather)
                .chatMemory(MessageWindowChatMemory.withMaxMessages(20))
                .build();

        Result<String> answer = assistant.chat("What is the weather in Rome? [sim:tools=single]");

        assertThat(weather.cities).hasSize(1);
        assertThat(answer.content()).startsWith("Received 1 tool result.");
        assertThat(answer.finalResponse().aiMessage().thinking()).isNotBlank();
        assertThat(((Relay4jChatResponseMetadata) answer.finalResponse().metadata()).provider()).isEqualTo("anthropic");
    }

    @Test
    void aStreamingServiceRunsTheToolAndStreamsTheFinalAnswer() throws Exception {
        router = sim.anthropicThenOpenAi();
        Weather weather = new Weather();
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
                .streamingChatModel(Relay4jStreamingChatModel.builder().router(router).build())
                .tools(weather)
                .build();
        StringBuilder streamed = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        assistant.chat("What is the weather in Oslo? [sim:tools=single]")
                .onPartialResponse(streamed::append)
                .onCompleteResponse(done::complete)
                .onError(done::completeExceptionally)
                .start();

        ChatResponse response = done.get(30, TimeUnit.SECONDS);
        assertThat(weather.cities).hasSize(1);
        assertThat(response.aiMessage().text()).startsWith("Received 1 tool result.");
        assertThat(streamed.toString()).endsWith(response.aiMessage().text());
    }
}
