package io.relay4j.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Merges the fields a request binds to one provider ({@link LlmRequest#providerFields()}) into that provider's
 * request body. Only the provider named in the request gets them, so a failover never carries one vendor's fields
 * to another. Objects merge member by member (the caller's value wins); any other value replaces the encoder's.
 * Requests without fields for this provider, nearly all of them, cost one map lookup.
 */
public final class ProviderFields {

    private ProviderFields() {
    }

    /** {@code body} with this provider's fields merged in; {@code body} itself when the request has none for it. */
    public static byte[] merge(byte[] body, LlmRequest request, String provider) {
        String fields = request.providerFields().get(provider);
        if (fields == null) {
            return body;
        }
        try {
            ObjectNode tree = (ObjectNode) Json.parse(body);
            mergeInto(tree, (ObjectNode) Json.parse(fields));
            return Json.bytes(tree);
        } catch (IOException | ClassCastException e) {
            // the request validated its fields as a JSON object, so this is a bug; say so without quoting them
            throw new InvalidRequest("the providerFields for '" + provider + "' could not be merged into the body",
                    ErrorDetails.of(provider));
        }
    }

    /** Merges {@code fields} into {@code body}, recursing into objects both have. */
    public static void mergeInto(ObjectNode body, ObjectNode fields) {
        Iterator<Map.Entry<String, JsonNode>> members = fields.fields();
        while (members.hasNext()) {
            Map.Entry<String, JsonNode> member = members.next();
            JsonNode existing = body.get(member.getKey());
            if (existing instanceof ObjectNode target && member.getValue() instanceof ObjectNode source) {
                mergeInto(target, source);
            } else {
                body.set(member.getKey(), member.getValue());
            }
        }
    }
}
