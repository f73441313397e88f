package tech.tradeos.execution.model.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Configs for tests: the defaults with a YAML overlay, through the same loader production uses. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static TradeosConfig with(String yaml) {
        try {
            Path file = Files.createTempFile("tradeos-test", ".yaml");
            Files.writeString(file, yaml);
            try {
                return ConfigLoader.load(file, Map.of());
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
