package io.relay4j.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.Attempt;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatResponse;
import reactor.test.StepVerifier;

/**
 * {@code ChatClient} on a {@link Relay4jChatModel} whose primary provider (the Anthropic simulator) is banned (403):
 * the call and the stream are answered by the secondary (the OpenAI simulator), and the response metadata says so.
 */
@ExtendWith(NettyLeakGuard.class)
class ChatClientFailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private SimulatedRouter sims;
    private SimulatorServer primary;
    private SimulatorServer secondary;
    private ChatClient chatClient;

    @BeforeEach
    void bannedPrimary() {
        sims = new SimulatedRouter();
        primary = sims.anthropic("claude", Behaviour.always(Fault.BAN_403));
        secondary = sims.openai("gpt", Behaviour.healthy());
        chatClient = ChatClient.create(Relay4jChatModel.of(sims.router()));
    }

    @AfterEach
    void close() {
        sims.close();
    }

    @Test
    void aCallIsAnsweredByTheSecondaryWithProviderAttemptsUsageAndCostInTheMetadata() {
        ChatResponse response = chatClient.prompt().system("Answer briefly.").user("Explain pod affinity.")
                .call().chatResponse();

        assertThat(response.getResult().getOutput().getText()).isNotBlank();
        assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
        assertThat(Relay4jChatMetadata.provider(response)).contains("gpt");
        assertThat(response.getMetadata().<Integer>get(Relay4jChatMetadata.ATTEMPT_COUNT)).isEqualTo(2);
        List<Attempt> attempts = Relay4jChatMetadata.attempts(response);
        assertThat(attempts).extracting(Attempt::provider).containsExactly("claude", "gpt");
        assertThat(attempts).extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.FAILED, Attempt.Outcome.SUCCESS);
        assertThat(attempts.get(0).errorType()).contains(ErrorType.POLICY_VIOLATION);
        assertThat(response.getMetadata().getModel()).isEqualTo("gpt-4o-mini");
        assertThat(response.getMetadata().getUsage().getPromptTokens()).isPositive();
        assertThat(response.getMetadata().getUsage().getCompletionTokens()).isPositive();
        assertThat(response.getMetadata().getUsage().getTotalTokens())
                .isEqualTo(response.getMetadata().getUsage().getPromptTokens()
                        + response.getMetadata().getUsage().getCompletionTokens());
        assertThat(Relay4jChatMetadata.cost(response)).isPresent().isEqualTo(attempts.get(1).cost());
        assertThat(primary.stats().faults(Fault.BAN_403)).isEqualTo(1);
        assertThat(secondary.stats().answersCompleted()).isEqualTo(1);
    }

    @Test
    void aStreamIsAnsweredByTheSecondaryAndItsLastResponseCarriesTheMetadata() {
        List<ChatResponse> responses = chatClient.prompt().user("Write a haiku about failover.")
                .stream().chatResponse().collectList().block(TIMEOUT);

        assertThat(responses).hasSizeGreaterThan(2);
        String text = String.join("", responses.stream().map(r -> r.getResult().getOutput().getText()).toList());
        assertThat(text.split(" ")).hasSizeGreaterThanOrEqualTo(Behaviour.DEFAULT_ANSWER_TOKENS);
        ChatResponse last = responses.get(responses.size() - 1);
        assertThat(Relay4jChatMetadata.provider(last)).contains("gpt");
        assertThat(Relay4jChatMetadata.attempts(last)).extracting(Attempt::provider, Attempt::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("claude", Attempt.Outcome.FAILED),
                        org.assertj.core.groups.Tuple.tuple("gpt", Attempt.Outcome.SUCCESS));
        assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
        assertThat(last.getMetadata().getUsage().getCompletionTokens()).isPositive();
        assertThat(responses.subList(0, responses.size() - 1))
                .allSatisfy(r -> assertThat(Relay4jChatMetadata.provider(r)).isEmpty());
        assertThat(secondary.stats().answersCompleted()).isEqualTo(1);
    }

    @Test
    void streamedContentIsTheTextOfTheAnswer() {
        String streamed = String.join("", chatClient.prompt().user("Write a haiku about failover.")
                .stream().content().collectList().block(TIMEOUT));
        String called = chatClient.prompt().user("Write a haiku about failover.").call().content();

        assertThat(streamed).isNotBlank();
        assertThat(called).isNotBlank();
        assertThat(streamed.split(" ")).hasSameSizeAs(called.split(" "));
    }

    @Test
    void whenNoProviderCanAnswerTheRoutersErrorReachesTheCallerOfCallAndOfStream() {
        secondary.setBehaviour(Behaviour.always(Fault.BAN_403));

        assertThatThrownBy(() -> chatClient.prompt().user("hello").call().content())
                .isInstanceOf(AllProvidersFailed.class);
        StepVerifier.create(chatClient.prompt().user("hello").stream().content())
                .expectError(AllProvidersFailed.class)
                .verify(TIMEOUT);
    }

    @Test
    void cancellingAStreamClosesTheExchangeOnTheServingProvider() {
        secondary.setBehaviour(Behaviour.builder().answerTokens(500).tokenDelay(Duration.ofMillis(50)).build());

        List<String> firstTokens = chatClient.prompt().user("Write a long essay.").stream().content()
                .take(3).collectList().block(TIMEOUT);

        assertThat(firstTokens).hasSize(3);
        var stats = SimulatedRouter.awaitStats(secondary, s -> s.cancellations() == 1 && s.requestsInFlight() == 0);
        assertThat(stats.answersCompleted()).isZero();
        assertThat(stats.streamsInFlight()).isZero();
    }
}
