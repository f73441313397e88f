package tech.tradeos.execution.model.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The lines every service prints when it starts: what runs, which version, from which config, against
 * which brokers and ledger, on which ports. Everything passes {@link Redaction}: a banner never shows a secret.
 */
public final class StartBanner {
    private StartBanner() {
    }

    /** The product version from the build, or "dev" when run from classes without it. */
    public static String version() {
        try (InputStream in = StartBanner.class.getResourceAsStream("/tradeos-version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /** One line: {@code tradeos <service> <version> | config … | region … | mode … | brokers … | <details>}. */
    public static String line(String service, Path configFile, TradeosConfig config, Map<String, Object> details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("config", configFile == null ? "defaults + TRADEOS_* environment" : configFile.toAbsolutePath());
        fields.put("region", config.region());
        fields.put("mode", config.mode());
        fields.put("brokers", config.kafka().bootstrapServers());
        fields.putAll(details);
        StringBuilder b = new StringBuilder("tradeos ").append(service).append(' ').append(version());
        fields.forEach((k, v) -> b.append(" | ").append(k).append(' ').append(Redaction.url(String.valueOf(v))));
        return b.toString();
    }
}
