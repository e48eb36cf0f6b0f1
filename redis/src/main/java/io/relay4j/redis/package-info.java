/**
 * Fleet mode on Redis: the instances of one service share what each learns about its providers (a ban, a rate
 * limit's wait, an outlier ejection, the one half-open probe, an operator's disable) and their budgets' spending,
 * through Redis, while every instance routes on its own local view and never waits for Redis on a request's path.
 */
package io.relay4j.redis;
