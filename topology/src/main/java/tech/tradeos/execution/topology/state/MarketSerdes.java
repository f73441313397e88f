package tech.tradeos.execution.topology.state;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.json.Json;
import tech.tradeos.execution.model.topic.JsonSerde;
import tech.tradeos.execution.topology.processor.InstrumentEvent;

/**
 * Serdes of the two values that carry books on the router's own topics: the instrument repartition's
 * {@link InstrumentEvent} and the market store's {@link VenueMarket}. Books go in {@link BookCodec}'s
 * binary form behind a tag byte; everything else stays JSON. A value that starts with '{' is read as
 * JSON, so state written by an earlier version (all JSON) restores unchanged.
 */
public final class MarketSerdes {
    private static final byte BOOK_EVENT = 'B';
    private static final byte VENUE_MARKET = 'M';
    private static final byte JSON = '{';
    private static final Deserializer<InstrumentEvent> JSON_EVENTS = JsonSerde.of(InstrumentEvent.class).deserializer();
    private static final Deserializer<VenueMarket> JSON_MARKETS = JsonSerde.of(VenueMarket.class).deserializer();

    private MarketSerdes() {
    }

    /**
     * The most bytes a book can take on the router's own topics (its repartition record; the market store's
     * changelog adds the venue's funding and ATR to it), whatever its decimals, without encoding it.
     */
    public static int worstCaseBookBytes(BookSnapshot book) {
        return 1 + BookCodec.worstCaseBytes(book);
    }

    public static Serde<InstrumentEvent> instrumentEvents() {
        Serializer<InstrumentEvent> serializer = (topic, event) -> {
            if (event == null) {
                return null;
            }
            if (event.book() == null) {
                return Json.bytes(event);
            }
            return binary(1 + BookCodec.sizeHint(event.book()), out -> {
                out.put(BOOK_EVENT);
                BookCodec.write(out, event.book());
            });
        };
        Deserializer<InstrumentEvent> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == BOOK_EVENT) {
                return read(bytes, InstrumentEvent.class, in -> {
                    in.get();
                    return InstrumentEvent.of(BookCodec.read(in));
                });
            }
            return JSON_EVENTS.deserialize(topic, bytes);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    public static Serde<VenueMarket> venueMarkets() {
        Serializer<VenueMarket> serializer = (topic, market) -> {
            if (market == null) {
                return null;
            }
            byte[] rest = Json.bytes(new VenueMarket(null, market.funding(), market.atr()));
            int size = 2 + rest.length + (market.book() == null ? 0 : BookCodec.sizeHint(market.book()));
            return binary(size, out -> {
                out.put(VENUE_MARKET);
                out.put((byte) (market.book() != null ? 1 : 0));
                if (market.book() != null) {
                    BookCodec.write(out, market.book());
                }
                out.put(rest);
            });
        };
        Deserializer<VenueMarket> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == JSON) {
                return JSON_MARKETS.deserialize(topic, bytes);
            }
            return read(bytes, VenueMarket.class, in -> {
                if (in.get() != VENUE_MARKET) {
                    throw new IllegalArgumentException("not a venue market");
                }
                BookSnapshot book = in.get() == 1 ? BookCodec.read(in) : null;
                VenueMarket rest;
                try {
                    rest = Json.MAPPER.readValue(in.array(), in.position(), in.remaining(), VenueMarket.class);
                } catch (IOException e) {
                    throw new IllegalArgumentException(Json.describe(e), e);
                }
                return new VenueMarket(book, rest.funding(), rest.atr());
            });
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** The bytes {@code writer} puts, in a buffer of {@code size}, grown when a wide decimal overflows it. */
    private static byte[] binary(int size, Consumer<ByteBuffer> writer) {
        for (int capacity = size; ; capacity *= 2) {
            ByteBuffer out = ByteBuffer.allocate(capacity);
            try {
                writer.accept(out);
                return out.position() == capacity ? out.array() : Arrays.copyOf(out.array(), out.position());
            } catch (BufferOverflowException tooSmall) {
                // a decimal wider than 64 bits: try again with room for it
            }
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type, Function<ByteBuffer, T> reader) {
        try {
            return reader.apply(ByteBuffer.wrap(bytes));
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw new SerializationException("invalid " + type.getSimpleName() + " ("
                    + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 8))) + "…): " + Json.describe(e), e);
        }
    }
}
