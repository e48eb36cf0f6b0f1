package io.relay4j.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.ToolCallShape;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;

/**
 * A {@code @Tool} method given to {@code ChatClient.tools(...)} on a {@link Relay4jChatModel} whose primary provider
 * fails: Spring AI's tool loop runs the method with the arguments the serving provider's model sent, sends the result
 * back, and the answer after it is the model's answer to the result; streamed too. The simulator answers a
 * conversation that ends with tool results with "Received N tool result(s)".
 */
@ExtendWith(NettyLeakGuard.class)
class ChatClientToolsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final SimulatedRouter sims = new SimulatedRouter();
    private final WeatherTools weather = new WeatherTools();

    /** A tool class as an application writes it. */
    static final class WeatherTools {

        final List<String> cities = new CopyOnWriteArrayList<>();

        @Tool(description = "The current weather in a city")
        String currentWeather(@ToolParam(description = "The city's name") String city) {
            cities.add(city);
            return "sunny, 21 degrees";
        }
    }

    @AfterEach
    void close() {
        sims.close();
    }

    @Test
    void aToolIsCalledThroughChatClientAndTheAnswerFollowsItsResult() {
        SimulatorServer primary = sims.anthropic("claude", Behaviour.always(Fault.SERVER_ERROR_500));
        SimulatorServer secondary = sims.openai("gpt", Behaviour.healthy());
        ChatClient chatClient = ChatClient.create(Relay4jChatModel.of(sims.router()));

        ChatResponse response = chatClient.prompt()
                .user("What is the weather in Paris? " + ToolCallShape.SINGLE.marker())
                .tools(weather).call().chatResponse();

        assertThat(weather.cities).hasSize(1);
        assertThat(weather.cities.get(0)).isNotEmpty();
        assertThat(response.getResult().getOutput().getText()).startsWith("Received 1 tool result.");
        assertThat(response.getResult().getOutput().getToolCalls()).isEmpty();
        assertThat(Relay4jChatMetadata.provider(response)).contains("gpt");
        // a 500 is retried once in place and then falls over; it counts against claude's outlier window but a few
        // of them stay below the window's minimum volume, so the second turn tries claude again before gpt
        assertThat(Relay4jChatMetadata.attempts(response)).extracting(Attempt::provider)
                .containsExactly("claude", "claude", "gpt");
        assertThat(primary.stats().faults(Fault.SERVER_ERROR_500)).isPositive();
        assertThat(secondary.stats().answersCompleted()).isEqualTo(2);
    }

    @Test
    void parallelCallsAreAllRunAndAnsweredTogether() {
        sims.anthropic("claude", Behaviour.always(Fault.BAN_403));
        sims.openai("gpt", Behaviour.healthy());
        ChatClient chatClient = ChatClient.create(Relay4jChatModel.of(sims.router()));

        String answer = chatClient.prompt()
                .user("Weather in Paris and Rome? " + ToolCallShape.PARALLEL.marker())
                .tools(weather).call().content();

        assertThat(weather.cities).hasSize(2);
        assertThat(answer).startsWith("Received 2 tool results.");
    }

    @Test
    void aStreamedToolLoopRunsTheToolAndStreamsTheAnswerAfterIt() {
        sims.anthropic("claude", Behaviour.always(Fault.BAN_403));
        SimulatorServer secondary = sims.openai("gpt", Behaviour.healthy());
        ChatClient chatClient = ChatClient.create(Relay4jChatModel.of(sims.router()));

        List<ChatResponse> responses = chatClient.prompt()
                .user("What is the weather in Paris? " + ToolCallShape.SINGLE.marker())
                .tools(weather).stream().chatResponse().collectList().block(TIMEOUT);

        assertThat(weather.cities).hasSize(1);
        String text = String.join("", responses.stream()
                .filter(r -> r.getResult() != null)
                .map(r -> r.getResult().getOutput().getText()).toList());
        assertThat(text).startsWith("Received 1 tool result.");
        assertThat(responses).noneMatch(ChatResponse::hasToolCalls);
        ChatResponse last = responses.get(responses.size() - 1);
        assertThat(Relay4jChatMetadata.provider(last)).contains("gpt");
        assertThat(secondary.stats().answersCompleted()).isEqualTo(2);
    }

    @Test
    void textBeforeAToolCallIsStreamedThenTheAnswerAfterTheResult() {
        sims.anthropic("claude", Behaviour.healthy());
        ChatClient chatClient = ChatClient.create(Relay4jChatModel.of(sims.router()));

        String text = String.join("", chatClient.prompt()
                .user("What is the weather in Paris? " + ToolCallShape.TEXT_THEN_TOOL.marker())
                .tools(weather).stream().content().collectList().block(TIMEOUT));

        assertThat(weather.cities).hasSize(1);
        assertThat(text).startsWith("Calling currentWeather.").contains("Received 1 tool result.");
    }
}
