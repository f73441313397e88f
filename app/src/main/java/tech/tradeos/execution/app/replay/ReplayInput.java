package tech.tradeos.execution.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tech.tradeos.execution.model.json.Json;

/**
 * The replay's three recordings — books, funding, intents, one JSON message per line, each file in time order —
 * merged into one stream in time order (books before funding before intents at the same instant), limited to
 * [{@code from}, {@code to}). A line is passed on as its raw bytes, as a producer would have written it: the topology
 * parses it, and dead-letters or rejects what is invalid. A line without a readable time takes the time of the line
 * before it in its file; a line longer than {@value #MAX_LINE} characters is refused with its file and line number.
 */
final class ReplayInput implements AutoCloseable {
    static final int MAX_LINE = 1 << 20;

    enum Kind { BOOK, FUNDING, INTENT }

    /** One recorded message: its kind, the time it happened, its bytes. */
    record Line(Kind kind, Instant at, byte[] bytes) {
    }

    private final List<Source> sources = new ArrayList<>();
    private final Instant from;
    private final Instant to;

    ReplayInput(Path books, Path funding, Path intents, Instant from, Instant to) throws IOException {
        this.from = from;
        this.to = to;
        sources.add(new Source(Kind.BOOK, books, "timestamp"));
        sources.add(new Source(Kind.FUNDING, funding, "timestamp"));
        sources.add(new Source(Kind.INTENT, intents, "createdAt"));
    }

    /** The next line in time order within [from, to), or null at the end. */
    Line next() {
        while (true) {
            Source first = null;
            for (Source s : sources) {
                if (s.peek() != null && (first == null || s.peek().at().isBefore(first.peek().at()))) {
                    first = s;
                }
            }
            if (first == null) {
                return null;
            }
            Line line = first.take();
            if ((from == null || !line.at().isBefore(from)) && (to == null || line.at().isBefore(to))) {
                return line;
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Source s : sources) {
            s.reader.close();
        }
    }

    private static final class Source {
        private final Kind kind;
        private final Path file;
        private final String timeField;
        private final BufferedReader reader;
        private Line peeked;
        private Instant last = Instant.EPOCH;
        private long number;

        Source(Kind kind, Path file, String timeField) throws IOException {
            this.kind = kind;
            this.file = file;
            this.timeField = timeField;
            this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }

        Line peek() {
            if (peeked == null) {
                peeked = read();
            }
            return peeked;
        }

        Line take() {
            Line line = peek();
            peeked = null;
            return line;
        }

        private Line read() {
            try {
                String text;
                do {
                    text = reader.readLine();
                    number++;
                } while (text != null && text.isBlank());
                if (text == null) {
                    return null;
                }
                if (text.length() > MAX_LINE) {
                    throw new IllegalArgumentException(file + " line " + number + " is longer than " + MAX_LINE + " characters");
                }
                last = timeOf(text, last);
                return new Line(kind, last, text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }

        private Instant timeOf(String text, Instant fallback) {
            try {
                JsonNode node = Json.tree(text).get(timeField);
                return node == null || !node.isTextual() ? fallback : Instant.parse(node.asText());
            } catch (IOException | DateTimeParseException | IllegalArgumentException unreadable) {
                return fallback;
            }
        }
    }
}
