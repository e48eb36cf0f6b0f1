package io.relay4j.core.event;

/** What kind of call a request is; the OpenTelemetry GenAI operation name is {@link #otelName()}. */
public enum Operation {
    GENERATE,
    STREAM;

    /** Both are chat completions in the GenAI semantic conventions. */
    public String otelName() {
        return "chat";
    }
}
