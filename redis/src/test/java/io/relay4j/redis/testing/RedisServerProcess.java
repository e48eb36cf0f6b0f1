package io.relay4j.redis.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package, which {@code .ci/run} installs when missing) run by a test on a
 * free loopback port, without persistence: each test gets a server of its own, which it may kill (SIGKILL, as a
 * crash) and start again on the same port. Fails with a clear message when the binary is missing: a fleet test
 * must not pass without the server it tests against.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final List<String> BINARIES = List.of("/usr/bin/redis-server", "/usr/sbin/redis-server",
            "/usr/local/bin/redis-server");

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private Process process;

    private RedisServerProcess(int port, Path dir, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = extraArgs;
    }

    /** Starts a server on a free port and waits until it accepts connections. */
    public static RedisServerProcess start() {
        return start(List.of());
    }

    /** Starts a server with more options (e.g. {@code --requirepass secret}) and waits until it accepts connections. */
    public static RedisServerProcess start(List<String> extraArgs) {
        try {
            RedisServerProcess server = new RedisServerProcess(freePort(), Files.createTempDirectory("relay4j-redis"),
                    List.copyOf(extraArgs));
            server.restart();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a one-node Redis Cluster (the node owns every slot): a cluster to Lettuce's cluster client, with
     * topology discovery, slot routing and cluster pub/sub. Returns once the cluster's state is ok.
     */
    public static RedisServerProcess startCluster() {
        RedisServerProcess server = start(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"));
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(server.uri());
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().clusterAddSlots(java.util.stream.IntStream.range(0, 16384).toArray());
            RecordedUpdates.Await.until(() -> c.sync().clusterInfo().contains("cluster_state:ok"),
                    Duration.ofSeconds(8), "the cluster did not form");
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        } finally {
            client.shutdown();
        }
        return server;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the server as a crash would (SIGKILL): connections drop at once and its data is gone. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the server (again) on the same port, empty, and waits until it accepts connections. */
    public void restart() {
        kill();
        try {
            List<String> command = new java.util.ArrayList<>(List.of(binary(), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                    "--protected-mode", "no"));
            command.addAll(extraArgs);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
        awaitAccepting(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        kill();
    }

    private void awaitAccepting(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start with " + process.exitValue()
                        + "; see " + dir.resolve("redis.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("redis-server did not accept connections on port " + port + " within " + limit);
    }

    private static String binary() {
        for (String candidate : BINARIES) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server is not installed: the fleet tests run against a real Redis. "
                + "Install Debian's package (apt-get install redis-server) or run `bash .ci/run`, which does.");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
