package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No thread is left behind once nothing uses the library (an application server that redeploys would leak
 * the class loader through it): the timer thread the routers' deadlines share ends after the last router
 * closed, and a router built afterwards starts it again. Real time: the thread is real.
 */
class LlmRouterTimerThreadTest {

    private static final String TIMER_THREAD = "relay4j-timer";

    @Test
    void theTimerThreadEndsAfterTheLastRouterClosedAndANewRouterStartsItAgain() throws InterruptedException {
        LlmRouter first = routerOf(ScriptedProvider.named("a")).build();
        assertThat(first.generate(REQUEST).block(Duration.ofSeconds(10))).isNotNull();
        assertThat(timerThreads()).as("the request's deadline ran on the wheel").isNotEmpty();

        first.close();

        for (Thread timer : timerThreads()) {
            timer.join(Duration.ofSeconds(20).toMillis());
        }
        assertThat(timerThreads()).as("timer threads still alive after the last router closed").isEmpty();

        ScriptedProvider b = ScriptedProvider.named("b");
        LlmRouter second = routerOf(b).build();
        try {
            LlmResponse answer = second.generate(REQUEST).block(Duration.ofSeconds(10));
            assertThat(answer).isNotNull();
            assertThat(answer.provider()).isEqualTo("b");
            assertThat(timerThreads()).hasSize(1);
        } finally {
            second.close();
        }
        assertThat(b.closes()).isEqualTo(1);
    }

    private static List<Thread> timerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(TIMER_THREAD) && thread.isAlive())
                .toList();
    }
}
