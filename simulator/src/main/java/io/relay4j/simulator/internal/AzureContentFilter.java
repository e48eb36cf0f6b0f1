package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The annotations of Azure OpenAI's content filter: a verdict per harm category on the prompt
 * ({@code prompt_filter_results}) and on each choice ({@code content_filter_results}). A refused answer is marked
 * {@code hate} filtered at severity {@code medium}, as in Azure's documented example; everything else is safe.
 */
final class AzureContentFilter {

    private static final String[] CATEGORIES = {"hate", "self_harm", "sexual", "violence"};

    /** The verdict on one choice or prompt; {@code filtered} when the filter refused it. */
    ObjectNode results(boolean filtered) {
        ObjectNode results = Json.object();
        for (String category : CATEGORIES) {
            boolean refused = filtered && category.equals("hate");
            results.putObject(category).put("filtered", refused).put("severity", refused ? "medium" : "safe");
        }
        return results;
    }

    /** The {@code prompt_filter_results} of an accepted prompt. */
    ArrayNode promptResults() {
        ArrayNode prompts = Json.array();
        ObjectNode prompt = prompts.addObject();
        prompt.put("prompt_index", 0);
        prompt.set("content_filter_results", results(false));
        return prompts;
    }

    /**
     * The frame Azure streams before the first delta: no choices (a client must not read {@code choices[0]}), blank
     * identifiers, and the prompt's verdict.
     */
    ObjectNode promptAnnotation() {
        ObjectNode frame = Json.object();
        frame.putArray("choices");
        frame.put("created", 0);
        frame.put("id", "");
        frame.put("model", "");
        frame.put("object", "");
        frame.set("prompt_filter_results", promptResults());
        return frame;
    }

    /** Azure's {@code innererror} of a refused prompt: the policy it violated and the verdict. */
    ObjectNode promptRefusalInnerError() {
        ObjectNode inner = Json.object();
        inner.put("code", "ResponsibleAIPolicyViolation");
        inner.set("content_filter_result", results(true));
        return inner;
    }
}
