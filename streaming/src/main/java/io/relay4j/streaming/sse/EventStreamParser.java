package io.relay4j.streaming.sse;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.FastThreadLocal;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * The state of one event stream as the WHATWG rules parse it, fed one buffer at a time. Bytes of an
 * unfinished line wait in an array of their own, so a line (and every multi-byte character in it) is decoded
 * once, whole, however the network split it. Lines completed within one buffer are gathered in a scratch
 * array of the feeding thread instead, so a stream that waits between events (a token every few seconds)
 * keeps no line buffer while it waits: only a line cut by the network holds one. Not thread-safe: one
 * instance per subscription.
 */
final class EventStreamParser {

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';
    private static final String DEFAULT_EVENT_TYPE = "message";
    private static final int INITIAL_LINE_CAPACITY = 512;
    /** A thread's scratch array grown past this is not kept for the thread's next buffer. */
    private static final int MAX_KEPT_SCRATCH = 64 * 1024;
    private static final byte[] NO_BYTES = new byte[0];
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[INITIAL_LINE_CAPACITY];
        }
    };

    private final String providerName;
    private final int maxEventBytes;

    /** The line being gathered: the thread's scratch array during {@link #feed}, else a partial line's own array. */
    private byte[] line = NO_BYTES;
    private int lineLength;
    /** The previous line ended with CR: an LF that follows belongs to that line end. */
    private boolean skipLineFeed;
    /** Only the stream's first line may start with a byte order mark. */
    private boolean firstLine = true;

    private String eventType = "";
    private String cachedType = "";
    private byte[] cachedTypeBytes = NO_BYTES;
    private int dataLines;
    private int dataBytes;
    private String firstData;
    /** Only events with several {@code data} lines join them: created for the first such event. */
    private StringBuilder joinedData;
    private String lastEventId = "";
    private long retry = -1;

    private List<ServerSentEvent> dispatched;
    private MalformedResponse failure;

    EventStreamParser(String providerName, int maxEventBytes) {
        this.providerName = providerName;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Parses the readable bytes of {@code buf} (without releasing it) and returns the events completed by them.
     *
     * @throws MalformedResponse when a line or an event's data outgrows the limit; {@link #takeDispatched()}
     *                           then still holds the events completed before the oversize one
     */
    List<ServerSentEvent> feed(ByteBuf buf) {
        byte[] scratch = SCRATCH.get();
        if (lineLength == 0) {
            line = scratch;
        }
        try {
            parse(buf);
        } finally {
            keepOnlyPartialLine(scratch);
        }
        return takeDispatched();
    }

    /**
     * After a buffer: gives the thread's scratch array back (a grown one replaces it, up to a bound) and keeps
     * a line the buffer ended in the middle of, in an array of its own, until the next buffer completes it.
     */
    private void keepOnlyPartialLine(byte[] scratch) {
        if (line.length > scratch.length && line.length <= MAX_KEPT_SCRATCH && lineLength == 0) {
            SCRATCH.set(line);
        }
        if (lineLength == 0) {
            line = NO_BYTES;
        } else if (line == scratch) {
            line = Arrays.copyOf(line, Math.max(lineLength, 64));
        }
    }

    private void parse(ByteBuf buf) {
        int index = buf.readerIndex();
        int end = buf.writerIndex();
        while (index < end) {
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buf.getByte(index) == LF) {
                    index++;
                    continue;
                }
            }
            int lineEnd = buf.forEachByte(index, end - index, ByteProcessor.FIND_CRLF);
            if (lineEnd < 0) {
                appendToLine(buf, index, end - index);
                break;
            }
            appendToLine(buf, index, lineEnd - index);
            skipLineFeed = buf.getByte(lineEnd) == CR;
            index = lineEnd + 1;
            processLine();
        }
    }

    /** Remembers why the stream stopped, for the operator that raises it after the last good event. */
    void fail(MalformedResponse reason) {
        failure = reason;
    }

    MalformedResponse failure() {
        return failure;
    }

    /** The events dispatched since the last call, and forgets them. */
    List<ServerSentEvent> takeDispatched() {
        List<ServerSentEvent> events = dispatched;
        dispatched = null;
        return events == null ? List.of() : events;
    }

    private void appendToLine(ByteBuf buf, int from, int length) {
        if (length == 0) {
            return;
        }
        int needed = lineLength + length;
        if (needed > maxEventBytes) {
            throw tooLarge("an event-stream line is longer than " + maxEventBytes + " bytes");
        }
        if (needed > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxEventBytes, Math.max(needed, 2L * line.length)));
        }
        buf.getBytes(from, line, lineLength, length);
        lineLength = needed;
    }

    private void processLine() {
        int start = 0;
        int end = lineLength;
        lineLength = 0;
        if (firstLine) {
            firstLine = false;
            if (end >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
                start = 3;
            }
        }
        if (start == end) {
            dispatch();
            return;
        }
        if (line[start] == COLON) {
            return;
        }
        int colon = indexOf(COLON, start, end);
        int nameEnd = colon < 0 ? end : colon;
        int valueStart = colon < 0 ? end : colon + 1;
        if (valueStart < end && line[valueStart] == SPACE) {
            valueStart++;
        }
        switch (nameEnd - start) {
            case 2 -> {
                if (line[start] == 'i' && line[start + 1] == 'd') {
                    setLastEventId(valueStart, end);
                }
            }
            case 4 -> {
                if (line[start] == 'd' && line[start + 1] == 'a' && line[start + 2] == 't' && line[start + 3] == 'a') {
                    appendData(valueStart, end);
                }
            }
            case 5 -> {
                if (matches(start, "event")) {
                    setEventType(valueStart, end);
                } else if (matches(start, "retry")) {
                    setRetry(valueStart, end);
                }
            }
            default -> {
                // any other field is ignored
            }
        }
    }

    private void appendData(int from, int to) {
        int valueBytes = to - from;
        long joinedBytes = dataLines == 0 ? valueBytes : (long) dataBytes + 1 + valueBytes;
        if (joinedBytes > maxEventBytes) {
            throw tooLarge("an event's data is longer than " + maxEventBytes + " bytes");
        }
        String value = decode(from, to);
        if (dataLines == 0) {
            firstData = value;
        } else {
            if (dataLines == 1) {
                if (joinedData == null) {
                    joinedData = new StringBuilder();
                }
                joinedData.setLength(0);
                joinedData.append(firstData);
            }
            joinedData.append('\n').append(value);
        }
        dataLines++;
        dataBytes = (int) joinedBytes;
    }

    private void setEventType(int from, int to) {
        // streams repeat a handful of event names: reuse the previous String when the bytes match
        if (!Arrays.equals(line, from, to, cachedTypeBytes, 0, cachedTypeBytes.length)) {
            cachedTypeBytes = Arrays.copyOfRange(line, from, to);
            cachedType = decode(from, to);
        }
        eventType = cachedType;
    }

    private void setLastEventId(int from, int to) {
        if (indexOf((byte) 0, from, to) < 0) {
            lastEventId = decode(from, to);
        }
    }

    private void setRetry(int from, int to) {
        if (from == to) {
            return;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return;
            }
            value = value * 10 + digit;
            if (value > Integer.MAX_VALUE) {
                return; // not a usable reconnection time: ignore it like any other invalid value
            }
        }
        retry = value;
    }

    private void dispatch() {
        if (dataLines == 0) {
            eventType = "";
            return;
        }
        String data = dataLines == 1 ? firstData : joinedData.toString();
        String type = eventType.isEmpty() ? DEFAULT_EVENT_TYPE : eventType;
        OptionalLong reconnect = retry < 0 ? OptionalLong.empty() : OptionalLong.of(retry);
        if (dispatched == null) {
            dispatched = new ArrayList<>(4);
        }
        dispatched.add(new ServerSentEvent(type, data, lastEventId, reconnect));
        dataLines = 0;
        dataBytes = 0;
        firstData = null;
        eventType = "";
        retry = -1;
    }

    private boolean matches(int start, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (line[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private String decode(int from, int to) {
        return from == to ? "" : new String(line, from, to - from, StandardCharsets.UTF_8);
    }

    private MalformedResponse tooLarge(String what) {
        return new MalformedResponse(what + "; the stream was stopped to bound memory", ErrorDetails.of(providerName));
    }
}
