package io.relay4j.demo;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One finished request as the demo saw it.
 *
 * @param servedBy      the provider that answered, empty when the request failed
 * @param latencyMillis from subscription to the answer (or the stream's last chunk)
 * @param streamed      whether it was a streaming request
 * @param hedges        hedge attempts fired for it
 * @param cost          the answer's cost, zero when unknown
 * @param failedOver    whether another provider was tried (or skipped) before the one that answered
 * @param agent         whether it was a tool-using agent conversation (two routed steps) rather than one request
 * @param switched      for an agent conversation, whether its final step was answered by another provider than the
 *                      one that made the tool calls
 * @param move          for such a conversation, its story ("conversation #N moved anthropic -> openai at turn 2, ids
 *                      kept (...)")
 */
record Sample(Optional<String> servedBy, double latencyMillis, boolean streamed, int hedges, BigDecimal cost,
              boolean failedOver, boolean agent, boolean switched, Optional<String> move) {

    boolean ok() {
        return servedBy.isPresent();
    }
}
