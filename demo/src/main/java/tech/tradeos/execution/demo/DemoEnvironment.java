package tech.tradeos.execution.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which of the shell's {@code TRADEOS_*} variables the demo takes. A shell set up for production must
 * not point the demo at production: the brokers, topics, schema, cache prefix, ports and ids are the
 * demo's own, whatever is exported. Taken: where PostgreSQL and Redis are (the demo's schema and key
 * prefix in them are its own), and what shapes routing (region, venues, fees, routing, paper, TCA).
 * The demo's schema and prefix can be renamed with {@code TRADEOS_DEMO_POSTGRES_SCHEMA} and
 * {@code TRADEOS_DEMO_REDIS_KEY_PREFIX}.
 */
final class DemoEnvironment {
    private static final List<String> TAKEN_EXACTLY = List.of("TRADEOS_POSTGRES_URL", "TRADEOS_POSTGRES_USER",
            "TRADEOS_POSTGRES_PASSWORD", "TRADEOS_REDIS_URI");
    private static final List<String> TAKEN_PREFIXES = List.of("TRADEOS_VENUES_", "TRADEOS_ROUTING_", "TRADEOS_PAPER_",
            "TRADEOS_TCA_", "TRADEOS_POSITIONS_");

    /** The variables the demo uses, and the names of those it ignored (to say so). */
    record Taken(Map<String, String> env, List<String> ignored) {
    }

    private DemoEnvironment() {
    }

    static Taken from(Map<String, String> shell) {
        Map<String, String> env = new HashMap<>();
        TreeSet<String> ignored = new TreeSet<>();
        shell.forEach((key, value) -> {
            if (!key.startsWith("TRADEOS_") || key.equals("TRADEOS_JAVA_OPTS") || key.startsWith("TRADEOS_DEMO_")) {
                return;
            }
            if (TAKEN_EXACTLY.contains(key) || TAKEN_PREFIXES.stream().anyMatch(key::startsWith)) {
                env.put(key, value);
            } else {
                ignored.add(key);
            }
        });
        env.put("TRADEOS_POSTGRES_SCHEMA", shell.getOrDefault("TRADEOS_DEMO_POSTGRES_SCHEMA", "tradeos_demo"));
        env.put("TRADEOS_REDIS_KEY_PREFIX", shell.getOrDefault("TRADEOS_DEMO_REDIS_KEY_PREFIX", "tradeos-demo:"));
        return new Taken(env, new ArrayList<>(ignored));
    }
}
