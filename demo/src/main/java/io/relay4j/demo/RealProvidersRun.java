package io.relay4j.demo;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code --real}: a few requests through the same router to the real vendors whose keys are set. */
final class RealProvidersRun {

    private RealProvidersRun() {
    }

    static int run() {
        List<LlmProvider> providers = new ArrayList<>();
        env("ANTHROPIC_API_KEY").ifPresent(k -> providers.add(
                AnthropicProvider.builder().name("anthropic").apiKey(k).model("claude-sonnet-4-5").build()));
        env("OPENAI_API_KEY").ifPresent(k -> providers.add(
                OpenAiProvider.builder().name("openai").apiKey(k).model("gpt-4o-mini").build()));
        env("GEMINI_API_KEY").ifPresent(k -> providers.add(
                GeminiProvider.builder().name("gemini").apiKey(k).model("gemini-2.5-flash").build()));
        if (providers.isEmpty()) {
            System.err.println("--real needs at least one of OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY");
            return 2;
        }
        LlmRouter router = DemoRouter.build(providers, CooldownConfig.ofDefaults());
        System.out.println("real providers in priority order: " + router.providerNames());
        int failures = 0;
        for (String question : List.of("Explain pod affinity in one sentence.", "Why do retries need jitter?")) {
            try {
                LlmResponse r = router.generate(LlmRequest.builder().user(question).maxTokens(120).build())
                        .block(Duration.ofSeconds(90));
                System.out.printf("%n> %s%n%s%n[served by %s (%s), %d+%d tokens, %d ms, cost %s, attempts %s]%n",
                        question, r.content(), r.provider(), r.model(), r.usage().inputTokens(), r.usage().outputTokens(),
                        r.latency().toMillis(), r.cost().map(c -> "$" + c.toPlainString()).orElse("unknown"),
                        r.attempts().stream().map(a -> a.provider() + ":" + a.outcome()).toList());
            } catch (RuntimeException e) {
                failures++;
                System.out.println("request failed: " + e.getMessage());
            }
        }
        StringBuilder streamed = new StringBuilder();
        try {
            List<LlmChunk> chunks = router.stream(LlmRequest.builder().user("Count from one to five in words.")
                    .maxTokens(60).build())
                    .doOnNext(c -> {
                        System.out.print(c.text());
                        streamed.append(c.text());
                    })
                    .collectList().block(Duration.ofSeconds(90));
            LlmChunk last = chunks.get(chunks.size() - 1);
            System.out.printf("%n[streamed by %s, %d chars, finish %s]%n", last.provider().orElse("?"), streamed.length(),
                    last.finishReason().map(Enum::name).orElse("?"));
        } catch (RuntimeException e) {
            failures++;
            System.out.println("stream failed: " + e.getMessage());
        }
        // the router owns its providers: closing it releases their connection pools
        router.close();
        return failures == 0 ? 0 : 1;
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }
}
