package io.relay4j.benchmarks.sse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a body arrives from the socket: the byte ranges of successive reads. Concatenated, the reads are always
 * the body, byte for byte.
 */
public enum ReadSplit {

    /** One event per read: a token-by-token stream where the server flushes each event and the reader keeps up. */
    PER_EVENT {
        @Override
        public List<byte[]> split(byte[] body) {
            List<byte[]> reads = new ArrayList<>();
            int start = 0;
            for (int i = 1; i < body.length; i++) {
                if (body[i] == '\n' && (body[i - 1] == '\n' || endsWithCrLfCrLf(body, i))) {
                    reads.add(Arrays.copyOfRange(body, start, i + 1));
                    start = i + 1;
                }
            }
            if (start < body.length) {
                reads.add(Arrays.copyOfRange(body, start, body.length));
            }
            return reads;
        }
    },

    /** 16 KiB reads: a reader that fell behind (or a fast server) gets many events per read, cut mid-event. */
    READS_16K {
        @Override
        public List<byte[]> split(byte[] body) {
            List<byte[]> reads = new ArrayList<>();
            for (int start = 0; start < body.length; start += 16 * 1024) {
                reads.add(Arrays.copyOfRange(body, start, Math.min(body.length, start + 16 * 1024)));
            }
            return reads;
        }
    };

    /** The reads, in order. */
    public abstract List<byte[]> split(byte[] body);

    private static boolean endsWithCrLfCrLf(byte[] body, int lastLineFeed) {
        return lastLineFeed >= 3 && body[lastLineFeed - 1] == '\r' && body[lastLineFeed - 2] == '\n'
                && body[lastLineFeed - 3] == '\r';
    }
}
