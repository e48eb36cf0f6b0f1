package io.relay4j.demo;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What finished during one second of the run.
 *
 * @param second     seconds since the run started
 * @param requests   requests finished in that second
 * @param failed     of which failed (no provider could answer)
 * @param byProvider answers per serving provider
 * @param p50Millis  median latency of that second's requests (NaN when none finished)
 * @param p99Millis  99th percentile latency
 * @param hedges     hedges fired
 * @param cost       summed cost of that second's answers
 * @param agents     of the requests, tool-using agent conversations (ask, run the tool, send the result, answer)
 * @param agentsOk   of which got their final answer
 */
record SecondStats(int second, int requests, int failed, Map<String, Integer> byProvider, double p50Millis,
                   double p99Millis, int hedges, BigDecimal cost, int agents, int agentsOk) {

    double successRate() {
        return requests == 0 ? 1.0 : (requests - failed) / (double) requests;
    }

    double share(String provider) {
        return requests == 0 ? 0.0 : byProvider.getOrDefault(provider, 0) / (double) requests;
    }
}
