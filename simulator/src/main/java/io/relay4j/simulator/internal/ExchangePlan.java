package io.relay4j.simulator.internal;

import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import java.time.Duration;
import java.util.Optional;

/**
 * What the server decided to do with one valid request.
 *
 * @param behaviour  the behaviour installed when the request arrived
 * @param index      the request's index since that behaviour was installed
 * @param fault      the fault to inject, if any
 * @param latency    the delay before the first byte
 * @param textSeed   the seed of the answer's text
 */
record ExchangePlan(Behaviour behaviour, long index, Optional<Fault> fault, Duration latency, long textSeed) {
}
