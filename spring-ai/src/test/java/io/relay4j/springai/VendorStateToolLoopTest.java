package io.relay4j.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.Role;
import io.relay4j.core.ToolCall;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.ToolCallShape;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.tool.annotation.Tool;

/**
 * Opaque vendor state survives Spring AI's tool loop: Gemini 3 signs its function call, and the assistant message
 * the loop puts back into the conversation carries the relay4j message it was made from, so the second turn sends
 * the call back with the signature Gemini gave it, whole and streamed. (Without it the provider would send Gemini's
 * placeholder signature, which the API accepts at the cost of the model's reasoning: the test checks the signature
 * itself, not only that the turn was accepted.)
 */
@ExtendWith(NettyLeakGuard.class)
class VendorStateToolLoopTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final SimulatedRouter sims = new SimulatedRouter();
    private final ClockTools clock = new ClockTools();
    private SimulatorServer gemini;
    private ChatClient chatClient;

    static final class ClockTools {

        final List<String> zones = new CopyOnWriteArrayList<>();

        @Tool(description = "The time now in a time zone")
        String timeIn(String zone) {
            zones.add(zone);
            return "12:00";
        }
    }

    @BeforeEach
    void geminiThreeBehindAFailingPrimary() {
        sims.openai("gpt", Behaviour.always(Fault.SERVER_ERROR_500));
        gemini = sims.gemini("gemini", "gemini-3-pro-preview", Behaviour.healthy());
        chatClient = ChatClient.create(Relay4jChatModel.of(sims.router()));
    }

    private void theSecondTurnSendsTheCallBackWithGeminisSignature() {
        List<LlmRequest> requests = sims.requests("gemini");
        assertThat(requests).hasSize(2);
        Message callTurn = requests.get(1).messages().stream().filter(m -> m.role() == Role.ASSISTANT)
                .reduce((first, second) -> second).orElseThrow();
        ToolCall call = callTurn.toolCalls().get(0);
        assertThat(call.state()).as("the call's thought signature").isPresent();
        assertThat(call.state().get().isFrom("gemini", "gcp.gemini")).isTrue();
        assertThat(call.state().get().value()).isNotEqualTo("skip_thought_signature_validator").isNotBlank();
        assertThat(requests.get(1).messages().get(requests.get(1).messages().size() - 1).toolResults()).hasSize(1);
    }

    @AfterEach
    void close() {
        sims.close();
    }

    @Test
    void theThoughtSignatureGoesBackToGeminiInACall() {
        String answer = chatClient.prompt().user("What time is it in Tokyo? " + ToolCallShape.SINGLE.marker())
                .tools(clock).call().content();

        assertThat(clock.zones).hasSize(1);
        assertThat(answer).startsWith("Received 1 tool result.");
        assertThat(gemini.stats().answersCompleted()).isEqualTo(2);
        theSecondTurnSendsTheCallBackWithGeminisSignature();
    }

    @Test
    void theThoughtSignatureGoesBackToGeminiInAStream() {
        String answer = String.join("", chatClient.prompt()
                .user("What time is it in Tokyo? " + ToolCallShape.SINGLE.marker())
                .tools(clock).stream().content().collectList().block(TIMEOUT));

        assertThat(clock.zones).hasSize(1);
        assertThat(answer).startsWith("Received 1 tool result.");
        assertThat(gemini.stats().answersCompleted()).isEqualTo(2);
        theSecondTurnSendsTheCallBackWithGeminisSignature();
    }
}
