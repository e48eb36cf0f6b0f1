package io.relay4j.streaming.sse;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One dispatched server-sent event, as the WHATWG event-stream rules define it.
 *
 * @param event       the event type ({@code "message"} when the stream named none)
 * @param data        the data lines joined with {@code \n}
 * @param lastEventId the last event id seen on the stream so far ({@code ""} when none)
 * @param retry       a reconnection time in milliseconds, if this event set one
 */
public record ServerSentEvent(String event, String data, String lastEventId, OptionalLong retry) {

    public ServerSentEvent {
        Objects.requireNonNull(event, "event must not be null");
        Objects.requireNonNull(data, "data must not be null");
        Objects.requireNonNull(lastEventId, "lastEventId must not be null");
        Objects.requireNonNull(retry, "retry must not be null");
    }

    public static ServerSentEvent message(String data) {
        return new ServerSentEvent("message", data, "", OptionalLong.empty());
    }

    @Override
    public String toString() {
        // data may hold model output; show its size only
        return "ServerSentEvent[event=" + event + ", dataChars=" + data.length() + "]";
    }
}
