package io.relay4j.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole answer, and how it was obtained. {@link #toString()} never shows the content.
 *
 * @param content      the answer's text
 * @param provider     the provider that produced it, as named on the router
 * @param model        the model that produced it, as the vendor reported it
 * @param usage        the answer's tokens
 * @param latency      for a provider's own response, its call; for the router's, the whole request
 * @param finishReason why generation stopped
 * @param cost         the answer's cost in US dollars, where the model's price is known
 * @param attempts     every attempt made for this request, in order (empty on a provider's own response)
 * @param requestId    the vendor's request id
 */
public record LlmResponse(
        String content,
        String provider,
        String model,
        Usage usage,
        Duration latency,
        FinishReason finishReason,
        Optional<BigDecimal> cost,
        List<Attempt> attempts,
        Optional<String> requestId) {

    public LlmResponse {
        Objects.requireNonNull(content, "content must not be null");
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(model, "model must not be null");
        Objects.requireNonNull(usage, "usage must not be null");
        Objects.requireNonNull(latency, "latency must not be null");
        Objects.requireNonNull(finishReason, "finishReason must not be null");
        Objects.requireNonNull(cost, "cost must not be null");
        Objects.requireNonNull(requestId, "requestId must not be null");
        attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts must not be null"));
    }

    /** A provider's response, before the router adds attempts and cost. */
    public static LlmResponse of(String content, String provider, String model, Usage usage, Duration latency,
                                 FinishReason finishReason, Optional<String> requestId) {
        return new LlmResponse(content, provider, model, usage, latency, finishReason, Optional.empty(), List.of(),
                requestId);
    }

    /** This response as the router returns it: with the request's attempts, total latency and cost. */
    public LlmResponse withRouting(List<Attempt> allAttempts, Duration totalLatency, Optional<BigDecimal> answerCost) {
        return new LlmResponse(content, provider, model, usage, totalLatency, finishReason, answerCost, allAttempts,
                requestId);
    }

    @Override
    public String toString() {
        return "LlmResponse[provider=" + provider + ", model=" + model + ", chars=" + content.length()
                + ", usage=" + usage + ", latency=" + latency.toMillis() + "ms, finishReason=" + finishReason
                + cost.map(c -> ", cost=" + c.toPlainString()).orElse("")
                + ", attempts=" + attempts.size() + requestId.map(r -> ", requestId=" + r).orElse("") + "]";
    }
}
