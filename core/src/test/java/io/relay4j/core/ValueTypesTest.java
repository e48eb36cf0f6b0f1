package io.relay4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.ServerError;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    private static final String SECRET = "my card number is 4111";

    @Test
    void aRequestRebuiltFromItsBuilderEqualsItAndNeverShowsItsMessages() {
        LlmRequest request = LlmRequest.builder().system("be brief").user(SECRET).model("m").maxTokens(10)
                .temperature(0.5).stop("END").responseFormat(ResponseFormat.jsonSchema("s", "{}").withStrict(false))
                .metadata("team", "a").build();

        assertThat(request.toBuilder().build()).isEqualTo(request).hasSameHashCodeAs(request);
        assertThat(request.toBuilder().temperature(0.6).build()).isNotEqualTo(request);
        assertThat(request.toBuilder().clearMessages().user("other").build().messages())
                .containsExactly(Message.user("other"));
        assertThat(request.toString()).doesNotContain(SECRET).contains("messages=2");
        assertThat(Message.of(Role.USER, SECRET)).isEqualTo(Message.user(SECRET))
                .hasToString("Message[role=USER, chars=" + SECRET.length() + "]");
    }

    @Test
    void aResponseNeedsItsProviderModelAndFinishReasonAndNeverShowsItsContent() {
        assertThatThrownBy(() -> LlmResponse.builder().content("x").model("m").finishReason(FinishReason.STOP).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("provider");

        LlmResponse response = LlmResponse.builder().content(SECRET).provider("p").model("m")
                .usage(Usage.of(3, 4)).latency(Duration.ofMillis(5)).finishReason(FinishReason.STOP)
                .requestId("req-1").build();
        LlmResponse routed = response.withRouting(List.of(Attempt.success("p", Attempt.Kind.PRIMARY,
                Duration.ofMillis(5), Usage.of(3, 4))), Duration.ofMillis(9), Optional.of(BigDecimal.ONE));

        assertThat(routed.content()).isEqualTo(SECRET);
        assertThat(routed.attempts()).hasSize(1);
        assertThat(routed.latency()).isEqualTo(Duration.ofMillis(9));
        assertThat(routed.toBuilder().build()).isEqualTo(routed).isNotEqualTo(response);
        assertThat(routed.toString()).doesNotContain(SECRET).contains("requestId=req-1");
    }

    @Test
    void aChunkKeepsItsTextThroughRoutingAndNeverShowsIt() {
        LlmChunk last = LlmChunk.last(SECRET, FinishReason.STOP, Usage.of(1, 2), "m");
        LlmChunk routed = last.withRouting("p", List.of(), Optional.empty());

        assertThat(routed.text()).isEqualTo(SECRET);
        assertThat(routed.provider()).contains("p");
        assertThat(routed.isLast()).isTrue();
        assertThat(LlmChunk.text("a").isLast()).isFalse();
        assertThat(routed.toBuilder().text("b").build().text()).isEqualTo("b");
        assertThat(routed.toString()).doesNotContain(SECRET);
    }

    @Test
    void anAttemptsReportedUsageClearsTheEstimatedMarkAndItsErrorSetsTheType() {
        ServerError error = new ServerError("boom", ErrorDetails.of("p"));
        Attempt failed = Attempt.failure("p", Attempt.Kind.PRIMARY, Duration.ofMillis(2), error);
        Attempt estimated = failed.withEstimatedUsage(Usage.of(10, 1));

        assertThat(failed.errorType()).contains(error.type());
        assertThat(estimated.usageEstimated()).isTrue();
        assertThat(estimated.withUsage(Usage.of(10, 2)).usageEstimated()).isFalse();
        assertThat(Attempt.builder("p", Attempt.Kind.PRIMARY, Attempt.Outcome.FAILED).error(error)
                .latency(Duration.ofMillis(2)).build()).isEqualTo(failed);
    }

    @Test
    void usageAndProviderInfoRefuseNonsenseWhereItIsSet() {
        assertThatThrownBy(() -> Usage.builder().cachedInputTokens(-1))
                .hasMessageContaining("cachedInputTokens must not be negative");
        assertThatThrownBy(() -> ProviderInfo.builder().contextWindowTokens(0))
                .hasMessageContaining("contextWindowTokens must be positive");
        assertThat(Usage.of(1, 2).toBuilder().cachedInputTokens(1).build().plus(Usage.of(1, 0)))
                .isEqualTo(Usage.builder().inputTokens(2).outputTokens(2).cachedInputTokens(1).build());
        assertThat(ProviderInfo.of("v", "m").toBuilder().acceptsAssistantPrefill(true).build())
                .isEqualTo(ProviderInfo.builder().vendor("v").model("m").acceptsAssistantPrefill(true).build());
    }
}
