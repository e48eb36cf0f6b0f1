package io.relay4j.redis.fleet;

import io.relay4j.core.health.HealthState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An instance in a JVM of its own, for {@link RouterFleetTest}: builds a router on the given Redis namespace,
 * says {@code FLEET READY} once connected, then waits for {@code serve-when-p-cooling} on stdin: when its router
 * has learned from the fleet that {@code p} cools down, it serves one request and says
 * {@code FLEET SERVED <provider>}. Protocol lines start with {@code FLEET } as the logs share stdout.
 * Arguments: redis URI, namespace, p's base URL, q's base URL.
 */
public final class FleetInstanceMain {

    private FleetInstanceMain() {
    }

    public static void main(String[] args) throws Exception {
        try (FleetInstance instance = new FleetInstance("other-jvm", args[0], args[1], args[2], args[3],
                FleetInstance.cooldown(Duration.ofMinutes(5)))) {
            instance.awaitConnected();
            System.out.println("FLEET READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String command = in.readLine();
            if ("serve-when-p-cooling".equals(command)) {
                instance.awaitState("p", HealthState.COOLING_DOWN);
                System.out.println("FLEET SERVED " + instance.serve());
                System.out.flush();
            }
        }
        System.exit(0);
    }
}
