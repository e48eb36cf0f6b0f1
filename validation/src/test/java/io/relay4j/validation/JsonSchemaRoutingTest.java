package io.relay4j.validation;

import static io.relay4j.core.testing.ScriptedProvider.answer;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.testing.ScriptedProvider;
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
}
