package io.relay4j.simulator;

import java.util.ArrayList;
import java.util.List;

/** A strict reader of a whole SSE body, enough to check what the simulator framed. */
final class SseEvents {

    record Event(String name, String data) {
    }

    private SseEvents() {
    }

    /** Splits {@code body} into events separated by {@code newline + newline}; every event must end with it. */
    static List<Event> parse(String body, String newline) {
        String separator = newline + newline;
        if (!body.isEmpty() && !body.endsWith(separator)) {
            throw new AssertionError("stream does not end with a blank line: ..." + tail(body));
        }
        List<Event> events = new ArrayList<>();
        for (String block : body.split(separator, -1)) {
            if (block.isEmpty()) {
                continue;
            }
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line : block.split(newline, -1)) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(6));
                } else {
                    throw new AssertionError("unexpected line in event: " + line);
                }
            }
            events.add(new Event(name, data.toString()));
        }
        return events;
    }

    private static String tail(String body) {
        return body.substring(Math.max(0, body.length() - 80));
    }
}
