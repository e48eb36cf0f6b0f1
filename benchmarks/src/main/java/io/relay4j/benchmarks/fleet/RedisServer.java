package io.relay4j.benchmarks.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the benchmark's own (Debian's package) on a free loopback port, no persistence, started
 * before the measurement and killed after it. The binary is {@code $REDIS_SERVER} or the first of the usual paths;
 * when there is none the benchmark stops with a message that says how to install it.
 */
final class RedisServer implements AutoCloseable {

    private static final List<String> BINARIES = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server",
            "/usr/sbin/redis-server");
    private static final String READY = "Ready to accept connections";

    private final Process process;
    private final int port;

    private RedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server and returns once its log says it accepts connections. */
    static RedisServer start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("relay4j-bench-redis");
        Process process = new ProcessBuilder(binary(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).start();
        BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        for (String line = log.readLine(); line == null || !line.contains(READY); line = log.readLine()) {
            if (line == null) {
                throw new IOException("redis-server ended before accepting connections on port " + port + ": " + seen);
            }
            seen.add(line);
        }
        Thread drain = new Thread(() -> drain(log), "redis-server-log");
        drain.setDaemon(true);
        drain.start();
        return new RedisServer(process, port);
    }

    /** Keeps the server's output flowing, so it never blocks on a full pipe; only the ready line was needed. */
    private static void drain(BufferedReader log) {
        try {
            log.transferTo(Writer.nullWriter());
        } catch (IOException closed) {
            // the server ended
        }
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static String binary() {
        String configured = System.getenv("REDIS_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return BINARIES.stream().filter(path -> Files.isExecutable(Path.of(path))).findFirst()
                .orElseThrow(() -> new IllegalStateException("redis-server is not installed (looked in " + BINARIES
                        + "); the fleet benchmark measures against a real Redis: apt-get install redis-server, or set "
                        + "REDIS_SERVER to the binary"));
    }
}
