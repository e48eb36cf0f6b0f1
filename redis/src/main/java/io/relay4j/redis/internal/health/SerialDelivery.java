package io.relay4j.redis.internal.health;

import io.relay4j.core.spi.HealthRecord;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records to a session's consumer one at a time, as the SPI promises, although they arrive from two
 * connections' threads (pub/sub messages and resync reads): whichever thread finds the consumer idle drains the
 * queue, the others only enqueue. Lock-free, so no event loop ever waits for another.
 */
final class SerialDelivery {

    private static final Logger log = LoggerFactory.getLogger(SerialDelivery.class);

    private final Consumer<HealthRecord> consumer;
    private final Queue<HealthRecord> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();

    SerialDelivery(Consumer<HealthRecord> consumer) {
        this.consumer = consumer;
    }

    void deliver(HealthRecord record) {
        queue.offer(record);
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            HealthRecord next;
            while ((next = queue.poll()) != null) {
                try {
                    consumer.accept(next);
                } catch (RuntimeException e) {
                    log.warn("relay4j fleet: the health consumer threw on {}; went on", next, e);
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }
}
