package io.relay4j.core;

import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import reactor.core.publisher.Flux;

/** Prices and answers with chosen usage for the cost, budget and validation scenarios. */
final class AccountingTestKit {

    /** The scripted providers' model at 2 USD per million input tokens and 10 per million output tokens. */
    static final PricingTable SCRIPTED_PRICES = PricingTable.builder()
            .price("scripted", "scripted-model", new BigDecimal("2"), new BigDecimal("10"))
            .build();

    /** What a scripted answer's usage (10 input, 5 output tokens) costs at {@link #SCRIPTED_PRICES}. */
    static final BigDecimal SCRIPTED_ANSWER_COST = new BigDecimal("0.00007");

    private AccountingTestKit() {
    }

    /** Answers {@code text} at once, reporting {@code usage} on {@code model}. */
    static ScriptedProvider.Step answer(String text, Usage usage, String model) {
        return (provider, request) -> Flux.just(LlmChunk.text(text),
                LlmChunk.last("", FinishReason.STOP, usage, model));
    }
}
