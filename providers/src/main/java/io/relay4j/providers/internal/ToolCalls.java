package io.relay4j.providers.internal;

import io.relay4j.core.ToolCall;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidOutput;

/**
 * Turns a tool call a vendor finished (whole, or assembled from a stream) into a {@link ToolCall}, or into the typed
 * error a broken call is. Every vendor's parser ends here, so the rule is one: arguments that are not a JSON object
 * are an {@link InvalidOutput} (which falls over by default), never a call with {@code {}} substituted; empty
 * arguments are {@code {}}. The error names the call's id and tool, never the arguments (they may hold a prompt's
 * data).
 */
public final class ToolCalls {

    private ToolCalls() {
    }

    /**
     * The complete call.
     *
     * @param id            the vendor's id (or one synthesized where the vendor gives none)
     * @param name          the tool's name
     * @param argumentsJson the arguments' JSON text as the vendor sent it; empty means {@code {}}
     * @param details       the call's provider, status and request id, for the error
     * @throws InvalidOutput when the name is missing or the arguments are not a JSON object
     */
    public static ToolCall complete(String id, String name, String argumentsJson, ErrorDetails details) {
        if (name == null || name.isBlank()) {
            throw new InvalidOutput("the model made a tool call without a tool name (call " + describe(id) + ")",
                    details.withVendorCode("invalid_tool_call"));
        }
        if (id == null || id.isBlank()) {
            throw new InvalidOutput("the model made a tool call of '" + name + "' without an id",
                    details.withVendorCode("invalid_tool_call"));
        }
        try {
            return ToolCall.of(id, name, argumentsJson == null ? "" : argumentsJson);
        } catch (IllegalArgumentException e) {
            // ToolCall's message names the id, the tool and a position, never the arguments
            throw new InvalidOutput("the model made an invalid tool call: " + e.getMessage(),
                    details.withVendorCode("invalid_tool_call"));
        }
    }

    private static String describe(String id) {
        return id == null || id.isBlank() ? "without an id" : "'" + id + "'";
    }
}
