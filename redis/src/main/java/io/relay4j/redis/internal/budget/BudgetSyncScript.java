package io.relay4j.redis.internal.budget;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one Lua script an instance runs on a window, and how its reply and its change notices are read. The script
 * sets this member's absolute values ({@code s:<member>} spent, {@code r:<member>} reserved, {@code v:<member>}
 * the sequence number of the write, {@code h:<member>} Redis's clock at the write, as the member's heartbeat),
 * unless a newer write of the same member landed first; sets the hash's expiry; publishes a change notice that
 * carries the new values when they changed (so other instances apply them without reading Redis); and returns
 * Redis's time followed by the whole hash, from which the caller sums the other members' values.
 *
 * <p>Absolute values make every write idempotent (a retried or repeated write never counts twice) and let the
 * fleet rebuild the hash after Redis lost its data: each member writes its values again at its next sync. Sums
 * are made in Java on 64-bit integers: Lua's numbers are doubles, exact only to 2^53.
 */
final class BudgetSyncScript {

    static final String LUA = """
            local key = KEYS[1]
            local m = ARGV[1]
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local oldS = redis.call('HGET', key, 's:' .. m)
            local oldR = redis.call('HGET', key, 'r:' .. m)
            local oldV = redis.call('HGET', key, 'v:' .. m)
            if oldV and tonumber(oldV) > tonumber(ARGV[4]) then
              redis.call('HSET', key, 'h:' .. m, now)
            else
              redis.call('HSET', key, 's:' .. m, ARGV[2], 'r:' .. m, ARGV[3], 'v:' .. m, ARGV[4], 'h:' .. m, now)
              if oldS ~= ARGV[2] or oldR ~= ARGV[3] then
                redis.call('PUBLISH', ARGV[6], key .. '\\n' .. m .. '\\n' .. ARGV[2] .. '\\n' .. ARGV[3] .. '\\n' .. ARGV[4])
              end
            end
            redis.call('PEXPIREAT', key, ARGV[5])
            local all = redis.call('HGETALL', key)
            table.insert(all, 1, now)
            return all
            """;

    /** The script's SHA-1, by which Redis runs it once loaded. */
    static final String DIGEST = sha1(LUA);

    private BudgetSyncScript() {
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** The script's reply as one list: a reactive MULTI reply may come as one element holding the list. */
    @SuppressWarnings("unchecked")
    static List<Object> flatten(List<Object> reply) {
        return reply.size() == 1 && reply.get(0) instanceof List<?> nested ? (List<Object>) nested : reply;
    }

    static String[] args(String member, WindowView view, String channel) {
        return new String[] {member, Long.toString(view.ownSpent()), Long.toString(view.ownReserved()),
            Long.toString(view.seq()), Long.toString(BudgetKeys.expiry(view.window()).toEpochMilli()), channel};
    }

    /**
     * The other members' values in a reply: a member counts as alive when its last write is younger than
     * {@code ttlMillis} on Redis's clock (one clock for the whole fleet, so the instances' clocks need not agree).
     */
    static Map<String, Peer> peers(List<?> reply, String self, long ttlMillis, long nowNanos) {
        long serverNow = Long.parseLong(String.valueOf(reply.get(0)));
        Map<String, Map<Character, Long>> fields = new HashMap<>();
        for (int i = 1; i + 1 < reply.size(); i += 2) {
            String field = String.valueOf(reply.get(i));
            if (field.length() < 3 || field.charAt(1) != ':') {
                continue;
            }
            String member = field.substring(2);
            if (!member.equals(self)) {
                fields.computeIfAbsent(member, m -> new HashMap<>())
                        .put(field.charAt(0), Long.parseLong(String.valueOf(reply.get(i + 1))));
            }
        }
        Map<String, Peer> peers = new HashMap<>();
        fields.forEach((member, values) -> {
            long age = serverNow - values.getOrDefault('h', 0L);
            long seen = age < ttlMillis ? nowNanos - age * 1_000_000L : nowNanos - ttlMillis * 1_000_000L - 1;
            peers.put(member, new Peer(values.getOrDefault('s', 0L), values.getOrDefault('r', 0L),
                    values.getOrDefault('v', 0L), seen));
        });
        return peers;
    }

    /** A change notice: the window's key, the member, and its new spent, reserved and sequence number. */
    record Notice(String key, String member, Peer peer) {
    }

    static Optional<Notice> notice(String message, long nowNanos) {
        String[] parts = message.split("\n");
        if (parts.length < 5) {
            return Optional.empty();
        }
        int n = parts.length;
        try {
            Peer peer = new Peer(Long.parseLong(parts[n - 3]), Long.parseLong(parts[n - 2]), Long.parseLong(parts[n - 1]),
                    nowNanos);
            return Optional.of(new Notice(String.join("\n", java.util.Arrays.copyOf(parts, n - 4)), parts[n - 4], peer));
        } catch (NumberFormatException notOurs) {
            return Optional.empty();
        }
    }
}
