package io.relay4j.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.InvalidOutput;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutputValidatorTest {

    private final OutputValidator nonBlank = OutputValidator.of(text -> !text.isBlank(), "the answer is blank");
    private final OutputValidator short100 = OutputValidator.of(
            text -> text.length() <= 100 ? Optional.empty() : Optional.of("the answer is longer than 100 characters"));

    @Test
    void aPredicateValidatorPassesWhatItAcceptsAndNamesTheRuleOtherwise() {
        assertThat(nonBlank.validate("pods attract pods")).isEmpty();
        assertThat(nonBlank.validate("   ")).hasValue("the answer is blank");
    }

    @Test
    void validatorsCombineAndReportTheFirstFailure() {
        OutputValidator both = nonBlank.and(short100);

        assertThat(both.validate("fine")).isEmpty();
        assertThat(both.validate(" ")).hasValue("the answer is blank");
        assertThat(both.validate("x".repeat(101))).hasValue("the answer is longer than 100 characters");
    }

    @Test
    void aFailedCheckBecomesInvalidOutputForTheProvider() {
        Optional<InvalidOutput> error = nonBlank.check("openai", "");

        assertThat(error).get().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ErrorType.INVALID_OUTPUT);
            assertThat(e.provider()).isEqualTo("openai");
            assertThat(e.getMessage()).isEqualTo("[openai] the answer failed validation: the answer is blank");
        });
        assertThat(nonBlank.check("openai", "ok")).isEmpty();
    }

    @Test
    void aValidatorThatThrowsFailsTheOutputWithoutQuotingIt() {
        OutputValidator throwing = output -> {
            throw new IllegalStateException("cannot parse " + output);
        };

        assertThat(throwing.check("anthropic", "secret answer")).get().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo(
                    "[anthropic] the output validator failed with java.lang.IllegalStateException")
                    .doesNotContain("secret answer");
            assertThat(e.getCause()).as("its message quotes the output").isNull();
        });
    }
}
