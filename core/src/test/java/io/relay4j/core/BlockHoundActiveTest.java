package io.relay4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Proves the suite runs under BlockHound: a provider that blocks on a non-blocking thread fails. */
class BlockHoundActiveTest {

    @Test
    void blockingProviderOnNonBlockingThreadFails() {
        ScriptedProvider blocking = ScriptedProvider.named("blocking")
                .otherwise(ScriptedProvider.blockingFor(Duration.ofMillis(5)));

        StepVerifier.create(blocking.generate(LlmRequest.of("hi")).subscribeOn(Schedulers.parallel()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BlockingOperationError.class)
                        .hasMessageContaining("Thread.sleep"))
                .verify(Duration.ofSeconds(5));
    }
}
