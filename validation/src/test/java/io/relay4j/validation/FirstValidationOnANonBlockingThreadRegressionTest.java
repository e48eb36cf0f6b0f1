package io.relay4j.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Tool;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The first validation a JVM runs happens on the thread that releases the first tool call, often a Netty event
 * loop: the JSON Schema meta-schemas it needs must be loaded by then (the registry read them from its jar on first
 * use, a blocking read that BlockHound caught inside a Spring Boot application). The module's tests run a JVM per
 * class, so nothing has used the registry before this test: the validator is built on the test thread and its
 * first validation runs on a non-blocking thread under BlockHound.
 */
class FirstValidationOnANonBlockingThreadRegressionTest {

    @Test
    void theFirstToolArgumentsValidationOnANonBlockingThreadReadsNothingFromTheJar() {
        JsonSchemaToolArgumentsValidator validator = JsonSchemaToolArgumentsValidator.create();
        Tool tool = Tool.of("get_weather", "", "{\"type\":\"object\",\"required\":[\"city\"],"
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}");

        Optional<String> problem = Mono.fromCallable(() -> validator.validate(tool, "{\"town\":\"Oslo\"}"))
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(10));

        assertThat(problem).hasValueSatisfying(p -> assertThat(p).contains("city"));
    }
}
