package io.relay4j.core.internal.router;

import io.relay4j.core.error.RateLimitInfo;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.spi.ProviderCallObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.util.context.Context;

/**
 * The observer of one provider call: counts the malformed events the provider skipped, for the attempt's
 * detail, and tells the router's listeners of each one as it happens; passes the rate-limit counters of a
 * successful reply to the provider's adaptive concurrency limit. Safe from any thread: hedged calls
 * and network event loops report concurrently.
 */
final class CallObserver implements ProviderCallObserver {

    private static final Logger LOG = LoggerFactory.getLogger(CallObserver.class);

    private final Call call;
    private final long requestId;
    private final EventDispatcher events;

    CallObserver(Call call, long requestId, EventDispatcher events) {
        this.call = call;
        this.requestId = requestId;
        this.events = events;
    }

    /** The context a provider call is subscribed with, so the provider finds this observer. */
    Context context() {
        return Context.of(ProviderCallObserver.class, this);
    }

    /** Only an adaptive limit reads the counters: for any other provider the reply's headers are left unparsed. */
    @Override
    public boolean wantsRateLimits() {
        return call.limiter().isAdaptive();
    }

    @Override
    public void rateLimitReported(RateLimitInfo counters) {
        call.limiter().rateLimitReported(counters, call.startNanos(), RouterClock.nanos());
    }

    @Override
    public void malformedEventSkipped(String reason) {
        call.malformedEventSkipped();
        LOG.debug("request {}: provider {} skipped a malformed event: {}", requestId, call.slot().name(), reason);
        if (events.active()) {
            events.accept(new RouterEvent.MalformedEventSkipped(requestId, call.slot().name()));
        }
    }
}
