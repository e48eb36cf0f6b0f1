package io.relay4j.validation;

import static io.relay4j.core.testing.ScriptedProvider.chunks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.Capability;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Tool calls' arguments checked against the tool's JSON Schema: the "input:{}" a translator that dropped argument
 * deltas leaves behind is a {@code SCHEMA_MISMATCH} that falls over, whole and streamed.
 */
class JsonSchemaToolArgumentsValidatorTest {

    private static final Tool WEATHER = Tool.of("get_weather", "the weather in a city", """
            {"type": "object", "required": ["city"],
             "properties": {"city": {"type": "string"}, "days": {"type": "integer"}}}
            """);
    private static final LlmRequest REQUEST = LlmRequest.builder().user("weather in Paris?").tool(WEATHER).build();
    private static final ToolCall EMPTIED = ToolCall.of("toolu_1", "get_weather", "{}");
    private static final ToolCall GOOD = ToolCall.of("call_1", "get_weather", "{\"city\":\"Paris\"}");

    private final JsonSchemaToolArgumentsValidator validator = JsonSchemaToolArgumentsValidator.create();

    @Test
    void argumentsThatMatchTheSchemaPass() {
        assertThat(validator.validate(WEATHER, "{\"city\":\"Paris\",\"days\":3}")).isEmpty();
        assertThat(validator.validate(WEATHER, "")).isPresent();
    }

    @Test
    void aMismatchNamesLocationsAndRulesNeverValues() {
        assertThat(validator.validate(WEATHER, "{}")).get().asString()
                .contains("required property 'city' is missing");
        assertThat(validator.validate(WEATHER, "{\"city\":\"Paris\",\"days\":\"secret-three\"}")).get().asString()
                .contains("/days").contains("type").doesNotContain("secret-three");
    }

    @Test
    void eachSchemaIsCompiledOnceAndTheCacheIsBounded() {
        JsonSchemaToolArgumentsValidator small = JsonSchemaToolArgumentsValidator.create(2);
        for (int i = 0; i < 5; i++) {
            Tool tool = Tool.of("t" + i, "", "{\"type\":\"object\",\"maxProperties\":" + (i + 1) + "}");
            small.validate(tool, "{}");
            small.validate(tool, "{}");
        }
        assertThat(small.cachedSchemas()).isBetween(1, 2);
        assertThatThrownBy(() -> JsonSchemaToolArgumentsValidator.create(0))
                .hasMessageContaining("maxCachedSchemas");
    }

    @Test
    void aToolWhoseSchemaIsNotAValidJsonSchemaIsNotChecked() {
        Tool odd = Tool.of("odd", "", "{\"type\":\"no-such-type\"}");
        assertThat(validator.validate(odd, "{\"anything\":1}")).isEmpty();
    }

    @Test
    void onTheRouterAnEmptiedCallFallsOverWholeAndStreamed() {
        ProviderInfo tools = ProviderInfo.builder().vendor("anthropic").model("m").capabilities(Capability.TOOLS).build();
        ScriptedProvider translator = ScriptedProvider.named("translator", tools)
                .then(calls(EMPTIED)).then(calls(EMPTIED));
        ScriptedProvider direct = ScriptedProvider.named("direct", tools).then(calls(GOOD)).then(calls(GOOD));
        LlmRouter router = LlmRouter.builder().provider(translator).provider(direct).logging(false)
                .toolArgumentsValidator(validator).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> {
                    assertThat(response.provider()).isEqualTo("direct");
                    assertThat(response.toolCalls()).containsExactly(GOOD);
                    InvalidOutput invalid = (InvalidOutput) response.attempts().get(0).error().orElseThrow();
                    assertThat(invalid.reason()).isEqualTo(InvalidOutput.Reason.SCHEMA_MISMATCH);
                    assertThat(invalid).hasMessageContaining("'city' is missing").hasMessageContaining("toolu_1");
                })
                .verifyComplete();
        List<LlmChunk> streamed = new ArrayList<>();
        StepVerifier.create(router.stream(REQUEST)).thenConsumeWhile(c -> true, streamed::add).verifyComplete();
        assertThat(streamed).filteredOn(c -> c.toolCall().isPresent()).extracting(c -> c.toolCall().get())
                .containsExactly(GOOD);
    }

    private static ScriptedProvider.Step calls(ToolCall call) {
        return chunks(Duration.ZERO, LlmChunk.toolCall(call), LlmChunk.builder().finishReason(FinishReason.TOOL_CALLS)
                .model("m").message(Message.assistant(List.of(call))).build());
    }
}
