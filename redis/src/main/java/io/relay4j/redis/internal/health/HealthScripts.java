package io.relay4j.redis.internal.health;

/**
 * The Lua scripts that keep a namespace's health records and probe leases consistent: each runs atomically in
 * Redis, so concurrent publishers and probers cannot interleave. Sent with EVAL each time (a few hundred bytes,
 * only on a health transition): a script cache emptied by a Redis restart then costs nothing.
 */
final class HealthScripts {

    /**
     * Merges a record into the health hash and publishes the result. KEYS: health hash, the provider's probe lease.
     * ARGV: provider (hash field), encoded record, publisher's id, channel. The publisher's probe lease ends (its
     * verdict is in). A newer record ({@code at} later) replaces the stored one, keeping a later cooldown deadline
     * and the larger trip count when both are cooldowns; an older or equal one is dropped, except that an older
     * cooldown with a later deadline extends a stored cooldown. Returns the merged record, or false when nothing
     * changed (then nothing is published).
     */
    static final String PUBLISH = """
            local function split(s)
              local t = {}
              for field in string.gmatch(s .. ';', '([^;]*);') do t[#t + 1] = field end
              return t
            end
            if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
            local incoming = split(ARGV[2])
            local merged = ARGV[2]
            local stored = redis.call('HGET', KEYS[1], ARGV[1])
            if stored then
              local s = split(stored)
              if s[1] == incoming[1] then
                local cooling = incoming[3] == 'COOLING_DOWN' and s[3] == 'COOLING_DOWN'
                if incoming[2] > s[2] then
                  if cooling then
                    if s[4] > incoming[4] then incoming[4] = s[4] end
                    if tonumber(s[5]) > tonumber(incoming[5]) then incoming[5] = s[5] end
                    merged = table.concat(incoming, ';')
                  end
                elseif cooling and incoming[4] > s[4] then
                  s[4] = incoming[4]
                  if tonumber(incoming[5]) > tonumber(s[5]) then s[5] = incoming[5] end
                  s[7] = incoming[7]
                  s[8] = incoming[8]
                  merged = table.concat(s, ';')
                else
                  return false
                end
              end
            end
            redis.call('HSET', KEYS[1], ARGV[1], merged)
            redis.call('PUBLISH', ARGV[4], merged)
            return merged
            """;

    /**
     * Takes the probe lease. KEYS: the lease. ARGV: the taker's id, the lease in milliseconds. Granted (1) when free
     * or already the taker's (then renewed), refused (0) when another holds it.
     */
    static final String ACQUIRE = """
            local holder = redis.call('GET', KEYS[1])
            if holder == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            if holder then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """;

    /** Gives the lease back only when the giver holds it. KEYS: the lease. ARGV: the giver's id. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    private HealthScripts() {
    }
}
