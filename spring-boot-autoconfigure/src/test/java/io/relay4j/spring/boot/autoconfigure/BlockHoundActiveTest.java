package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Proves this module's tests run under BlockHound too: they run on JUnit 6 (spring-test 7 needs it), where the rest
 * of the build runs on JUnit 5, and BlockHound is installed by a JUnit platform listener.
 */
class BlockHoundActiveTest {

    @Test
    void blockingOnANonBlockingThreadFails() {
        Mono<Integer> blocking = Mono.fromCallable(() -> {
            Thread.sleep(5);
            return 1;
        });
        StepVerifier.create(blocking.subscribeOn(Schedulers.parallel()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BlockingOperationError.class)
                        .hasMessageContaining("Thread.sleep"))
                .verify(Duration.ofSeconds(5));
    }
}
