package io.relay4j.validation;

import static io.relay4j.core.testing.ScriptedProvider.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.Capability;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** A router checking answers against a JSON Schema falls over from a provider whose answer does not match. */
class JsonSchemaRoutingTest {

    private static final String CITY = """
            {"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}}
            """;

    @Test
    void answerThatIsNotValidJsonFallsOverToOneThatMatchesTheSchema() {
        ScriptedProvider chatty = ScriptedProvider.named("chatty").then(answer("Sure! The city is Paris."));
        ScriptedProvider strict = ScriptedProvider.named("strict").then(answer("{\"city\": \"Paris\"}"));
        LlmRouter router = LlmRouter.builder().provider(chatty).provider(strict).logging(false).build();

        StepVerifier.create(router.generate(LlmRequest.of("Which city? Answer in JSON."),
                        JsonSchemaOutputValidator.of(CITY)))
                .assertNext(response -> {
                    assertThat(response.provider()).isEqualTo("strict");
                    assertThat(response.content()).isEqualTo("{\"city\": \"Paris\"}");
                    Attempt rejected = response.attempts().get(0);
                    assertThat(rejected.provider()).isEqualTo("chatty");
                    assertThat(rejected.errorType()).contains(ErrorType.INVALID_OUTPUT);
                    assertThat(rejected.detail()).get().asString()
                            .contains("the answer is not JSON").doesNotContain("Paris");
                })
                .verifyComplete();
        assertThat(chatty.calls()).isEqualTo(1);
    }

    @Test
    void anAnswerThatOnlyCallsAToolIsNotCheckedAgainstTheSchema() {
        ToolCall call = ToolCall.of("call_1", "lookup_city", "{\"country\": \"France\"}");
        ProviderInfo tools = ProviderInfo.builder().vendor("scripted").model("m").capabilities(Capability.TOOLS).build();
        ScriptedProvider caller = ScriptedProvider.named("caller", tools).then(ScriptedProvider.chunks(Duration.ZERO,
                LlmChunk.toolCall(call), LlmChunk.builder().finishReason(FinishReason.TOOL_CALLS).model("m")
                        .message(Message.assistant(List.of(call))).build()));
        ScriptedProvider other = ScriptedProvider.named("other", tools).then(answer("{\"city\": \"Paris\"}"));
        LlmRouter router = LlmRouter.builder().provider(caller).provider(other).logging(false).build();
        LlmRequest request = LlmRequest.builder().user("Which city? Answer in JSON.")
                .tool(Tool.of("lookup_city", "finds a city", "{\"type\":\"object\"}")).build();

        StepVerifier.create(router.generate(request, JsonSchemaOutputValidator.of(CITY)))
                .assertNext(response -> {
                    assertThat(response.provider()).isEqualTo("caller");
                    assertThat(response.toolCalls()).containsExactly(call);
                    assertThat(response.attempts()).singleElement()
                            .satisfies(a -> assertThat(a.outcome()).isEqualTo(Attempt.Outcome.SUCCESS));
                })
                .verifyComplete();
        assertThat(other.calls()).isZero();
    }
}
