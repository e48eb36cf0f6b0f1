/**
 * Local HTTP servers that speak the OpenAI Chat Completions, Anthropic Messages, Gemini generateContent and Azure
 * OpenAI (deployment API, content filter) wire formats, with programmable latency and faults, for the demo,
 * benchmarks, chaos soaks and end-to-end tests.
 *
 * <p>Faults ({@link io.relay4j.simulator.Fault}) cover status errors, transport and framing failures, and each
 * vendor's own refusal shapes ({@code PROMPT_REFUSED}, {@code ANSWER_REFUSED}), a stream that finishes without
 * its end marker ({@code FINISHED_WITHOUT_END_MARKER}) and a status-200 answer without any text
 * ({@code EMPTY_ANSWER}).
 *
 * <p>A user meets five types: {@link io.relay4j.simulator.SimulatorServer} (start, base URL, behaviour, stats,
 * close), {@link io.relay4j.simulator.Vendor}, {@link io.relay4j.simulator.Behaviour} (latency, streaming speed,
 * answer length, faults), {@link io.relay4j.simulator.LatencyDistribution},
 * {@link io.relay4j.simulator.Fault} with {@link io.relay4j.simulator.FaultSchedule}, and the
 * {@link io.relay4j.simulator.SimulatorStats} snapshot.
 *
 * <pre>{@code
 * // the demo's story: the primary is banned from second 10 to second 40, the secondary throttles in bursts
 * Mono<SimulatorServer> primary = SimulatorServer.bind(Vendor.ANTHROPIC, Behaviour.builder()
 *         .latency(LatencyDistribution.heavyTail(Duration.ofMillis(100), Duration.ofSeconds(2), 0.05))
 *         .tokenDelay(Duration.ofMillis(15))
 *         .schedule(FaultSchedule.builder().between(Duration.ofSeconds(10), Duration.ofSeconds(40), Fault.BAN_403).build())
 *         .seed(1)
 *         .build());
 * Mono<SimulatorServer> secondary = SimulatorServer.bind(Vendor.OPENAI, Behaviour.builder()
 *         .schedule(FaultSchedule.builder().bursts(Fault.RATE_LIMIT_429, Duration.ofSeconds(8), Duration.ofSeconds(2)).build())
 *         .retryAfter(Duration.ofSeconds(1))
 *         .seed(2)
 *         .build());
 * Mono.zip(primary, secondary).subscribe(servers -> {
 *     LlmProvider claude = AnthropicProvider.builder().baseUrl(servers.getT1().baseUrl()).apiKey("sim")
 *             .model("claude-sonnet-4-5").build();
 *     LlmProvider openai = OpenAiProvider.builder().baseUrl(servers.getT2().baseUrl()).apiKey("sim")
 *             .model("gpt-4o-mini").build();
 *     // ... route traffic, read servers.getT1().stats(), then close() both
 * });
 * }</pre>
 */
package io.relay4j.simulator;
