package io.relay4j.demo;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.HedgingConfig;
import java.time.Duration;
import java.util.List;

/** The router the demo runs: the providers in priority order with the library's defaults, but for the cooldown, plus hedging. */
final class DemoRouter {

    private DemoRouter() {
    }

    static LlmRouter build(List<LlmProvider> providers, CooldownConfig cooldown) {
        return LlmRouter.builder()
                .providers(providers)
                .cooldown(cooldown)
                .listener(new TransitionPrinter())
                // a backup request when an answer is slower than the provider's recent p95 (at least 150 ms),
                // capped at 5% extra requests by the hedge budget
                .hedging(HedgingConfig.custom().percentileDelay(95, Duration.ofMillis(150), Duration.ofSeconds(2))
                        .build())
                .build();
    }
}
