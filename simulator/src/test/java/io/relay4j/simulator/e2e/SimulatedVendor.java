package io.relay4j.simulator.e2e;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.Reasoning;
import io.relay4j.providers.ProviderBuilder;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.azure.AzureOpenAiProvider;
import io.relay4j.providers.compatible.CompatibleServer;
import io.relay4j.providers.compatible.OpenAiCompatibleProvider;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Vendor;
import java.util.Locale;
import java.util.function.Consumer;

/** A real provider wired to the simulator that speaks its wire format. */
enum SimulatedVendor {
    OPENAI(Vendor.OPENAI, "gpt-4o-mini"),
    ANTHROPIC(Vendor.ANTHROPIC, "claude-sonnet-4-5"),
    GEMINI(Vendor.GEMINI, "gemini-2.5-flash"),
    /** A Gemini 3 model: thinking levels, call ids from Gemini, and the first call of each step signed. */
    GEMINI_3(Vendor.GEMINI, "gemini-3-pro-preview"),
    /** A generic OpenAI-compatible server (vLLM, Ollama...) in front of the OpenAI simulator. */
    COMPATIBLE(Vendor.OPENAI, "llama-3.1-8b-instruct"),
    /** Azure OpenAI's classic deployment API: a deployment and an api-version, the {@code api-key} header. */
    AZURE_OPENAI(Vendor.AZURE_OPENAI, "gpt-4o-mini");

    static final String API_KEY = "sim-key-0123456789";
    static final String AZURE_DEPLOYMENT = "gpt-4o-mini-prod";
    static final String AZURE_API_VERSION = "2024-10-21";

    private final Vendor vendor;
    private final String model;

    SimulatedVendor(Vendor vendor, String model) {
        this.vendor = vendor;
        this.model = model;
    }

    /** The wire format, and so the simulator, this provider needs. */
    Vendor vendor() {
        return vendor;
    }

    String model() {
        return model;
    }

    /**
     * Whether this vendor's answers carry opaque reasoning state the next turn must echo exactly (Anthropic thinking
     * signatures, Gemini thought signatures) when reasoning is on; OpenAI Chat Completions returns none.
     */
    boolean returnsReasoningState() {
        return vendor == Vendor.ANTHROPIC || vendor == Vendor.GEMINI;
    }

    /**
     * A reasoning setting this vendor's simulator answers with reasoning: a budget where the vendor takes one
     * (Anthropic {@code thinking.budget_tokens}, Gemini 2.5 {@code thinkingBudget}; Anthropic's minimum is 1024),
     * an effort elsewhere (OpenAI {@code reasoning_effort}, Gemini 3 {@code thinkingLevel}).
     */
    Reasoning reasoning() {
        return this == ANTHROPIC || this == GEMINI ? Reasoning.budgetTokens(1024) : Reasoning.effort(Reasoning.Effort.LOW);
    }

    /** A provider named after this constant, calling {@code server}; {@code tuning} adjusts deadlines and the like. */
    LlmProvider connect(SimulatorServer server, Consumer<ProviderBuilder<?>> tuning) {
        return switch (this) {
            case OPENAI -> configure(OpenAiProvider.builder(), server, tuning).build();
            case ANTHROPIC -> configure(AnthropicProvider.builder(), server, tuning).build();
            case GEMINI, GEMINI_3 -> configure(GeminiProvider.builder(), server, tuning).build();
            case COMPATIBLE -> configure(OpenAiCompatibleProvider.builder(CompatibleServer.GENERIC), server, tuning)
                    .build();
            case AZURE_OPENAI -> configure(AzureOpenAiProvider.builder().deployment(AZURE_DEPLOYMENT)
                    .apiVersion(AZURE_API_VERSION), server, tuning).build();
        };
    }

    LlmProvider connect(SimulatorServer server) {
        return connect(server, builder -> { });
    }

    private <B extends ProviderBuilder<B>> B configure(B builder, SimulatorServer server,
                                                       Consumer<ProviderBuilder<?>> tuning) {
        builder.name(name().toLowerCase(Locale.ROOT)).apiKey(API_KEY).model(model).baseUrl(server.baseUrl());
        tuning.accept(builder);
        return builder;
    }
}
