package io.relay4j.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;

/** Reads a simulated stream the way each vendor's SDK does: which events carry text, and how a stream ends. */
final class VendorStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VendorStreams() {
    }

    static String newline(Vendor vendor) {
        return vendor == Vendor.GEMINI ? "\r\n" : "\n";
    }

    static List<SseEvents.Event> events(Vendor vendor, String body) {
        return SseEvents.parse(body, newline(vendor));
    }

    /** The JSON of an event's data, or empty when it is not valid JSON. */
    static Optional<JsonNode> json(SseEvents.Event event) {
        try {
            return Optional.of(JSON.readTree(event.data()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The text delta an event carries, if it is a token event. */
    static Optional<String> text(Vendor vendor, SseEvents.Event event) {
        return json(event).flatMap(data -> switch (vendor) {
            case OPENAI, AZURE_OPENAI -> Optional.ofNullable(data.path("choices").path(0).path("delta").get("content"))
                    .map(JsonNode::asText).filter(t -> !t.isEmpty());
            case ANTHROPIC -> event.name().equals("content_block_delta")
                    ? Optional.of(data.path("delta").path("text").asText()) : Optional.empty();
            case GEMINI -> Optional.ofNullable(data.path("candidates").path(0).path("content").path("parts").path(0)
                    .get("text")).map(JsonNode::asText);
        });
    }

    static long tokenEvents(Vendor vendor, List<SseEvents.Event> events) {
        return events.stream().filter(e -> text(vendor, e).isPresent()).count();
    }

    /** Whether the stream ends with the vendor's end marker. */
    static boolean endsProperly(Vendor vendor, List<SseEvents.Event> events) {
        if (events.isEmpty()) {
            return false;
        }
        SseEvents.Event last = events.get(events.size() - 1);
        return switch (vendor) {
            case OPENAI, AZURE_OPENAI -> last.data().equals("[DONE]");
            case ANTHROPIC -> last.name().equals("message_stop");
            case GEMINI -> json(last).map(data -> data.path("candidates").path(0).has("finishReason")).orElse(false);
        };
    }
}
