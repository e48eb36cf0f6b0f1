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
 * <p>Answers speak each vendor's content model: a request that declares tools gets tool calls whose arguments are
 * valid against each tool's schema (single, parallel or text then tool: {@link io.relay4j.simulator.ToolCallShape},
 * set per server in the behaviour or per request by a marker in the last user message), a request whose last turn
 * carries tool results gets a text answer counting them, a response schema gets JSON valid against it, reasoning
 * comes in the vendor's shape (Anthropic signed thinking blocks, Gemini thought parts and thought signatures, OpenAI
 * reasoning tokens in the usage), and the vendors' 400s answer an orphan tool result, a call without its result, a
 * missing thinking block or thought signature, a bad image, a schema that is not an object and a bad tool name.
 *
 * <p>A user meets these types: {@link io.relay4j.simulator.SimulatorServer} (start, base URL, behaviour, stats,
 * close), {@link io.relay4j.simulator.Vendor}, {@link io.relay4j.simulator.Behaviour} (latency, streaming speed,
 * answer length, faults, a requests-per-second limit answered with 429s),
 * {@link io.relay4j.simulator.LatencyDistribution},
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
