package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.Reasoning;
import io.relay4j.providers.internal.Json;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the model's name decides on the wire: whether it is a Gemini 3 model or later (thinking levels, signed
 * function calls) or an earlier one (thinking budgets), and the {@code thinkingConfig} of a reasoning setting.
 * A name {@code gemini-N…} with {@code N >= 3} is Gemini 3 or later; any other name (2.5 models, aliases such as
 * {@code gemini-flash-latest}) is read as the budget family.
 *
 * <p>Reasoning to {@code thinkingConfig}, never a level and a budget at once (a 400):
 * <ul>
 *   <li>Gemini 3: an effort is its level ({@code MAX} is {@code high}; {@code minimal} on a Pro model, which has
 *       none, is {@code low}); a budget is the nearest level (below 4096 tokens {@code low}, below 16384
 *       {@code medium}, else {@code high}); off is the lowest level, {@code minimal} ({@code low} on Pro models):
 *       Gemini 3 cannot turn thinking off.</li>
 *   <li>Earlier models: a budget is {@code thinkingBudget}; an effort is a budget ({@code MINIMAL} 512,
 *       {@code LOW} 1024, {@code MEDIUM} 8192, {@code HIGH} 16384, {@code MAX} 24576, in range on every 2.5 model);
 *       off is budget 0 (128, the minimum, on 2.5 Pro, which cannot turn thinking off).</li>
 *   <li>Enabled reasoning asks for the thought summaries ({@code includeThoughts: true}), which come back as
 *       reasoning parts.</li>
 * </ul>
 */
final class GeminiModel {

    private static final Pattern GENERATION = Pattern.compile("gemini-(\\d+)");

    private final boolean levels;
    private final boolean pro;

    private GeminiModel(boolean levels, boolean pro) {
        this.levels = levels;
        this.pro = pro;
    }

    /** The model named {@code model} (with or without the {@code models/} prefix). */
    static GeminiModel of(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        if (name.startsWith("models/")) {
            name = name.substring("models/".length());
        }
        Matcher m = GENERATION.matcher(name);
        boolean levels = m.lookingAt() && m.group(1).length() < 4 && Integer.parseInt(m.group(1)) >= 3;
        return new GeminiModel(levels, name.contains("-pro"));
    }

    /** True for Gemini 3 and later: thinking levels, and the first function call of each step must be signed. */
    boolean isGemini3OrLater() {
        return levels;
    }

    /** The {@code thinkingConfig} of {@code reasoning} on this model. */
    ObjectNode thinkingConfig(Reasoning reasoning) {
        ObjectNode config = Json.object();
        if (levels) {
            config.put("thinkingLevel", level(reasoning));
        } else {
            config.put("thinkingBudget", budget(reasoning));
        }
        if (reasoning.enabled()) {
            config.put("includeThoughts", true);
        }
        return config;
    }

    private String level(Reasoning reasoning) {
        if (!reasoning.enabled()) {
            return pro ? "low" : "minimal";
        }
        if (reasoning.budget().isPresent()) {
            int tokens = reasoning.budget().getAsInt();
            return tokens < 4096 ? "low" : tokens < 16384 ? "medium" : "high";
        }
        return switch (reasoning.effortLevel().orElseThrow()) {
            case MINIMAL -> pro ? "low" : "minimal";
            case LOW -> "low";
            case MEDIUM -> "medium";
            case HIGH, MAX -> "high";
        };
    }

    private int budget(Reasoning reasoning) {
        if (!reasoning.enabled()) {
            return pro ? 128 : 0;
        }
        if (reasoning.budget().isPresent()) {
            return reasoning.budget().getAsInt();
        }
        return switch (reasoning.effortLevel().orElseThrow()) {
            case MINIMAL -> 512;
            case LOW -> 1024;
            case MEDIUM -> 8192;
            case HIGH -> 16384;
            case MAX -> 24576;
        };
    }
}
