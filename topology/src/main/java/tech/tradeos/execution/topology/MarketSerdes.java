package tech.tradeos.execution.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.json.Json;

/**
 * Serdes of the two values that carry books on the router's own topics: the instrument repartition's
 * {@link InstrumentEvent} and the market store's {@link VenueMarket}. Books go in {@link BookCodec}'s
 * binary form behind a tag byte; everything else stays JSON. A value that starts with '{' is read as
 * JSON, so state written by an earlier version (all JSON) restores unchanged.
 */
final class MarketSerdes {
    private static final byte BOOK_EVENT = 'B';
    private static final byte VENUE_MARKET = 'M';
    private static final byte JSON = '{';

    private MarketSerdes() {
    }

    static Serde<InstrumentEvent> instrumentEvents() {
        Serializer<InstrumentEvent> serializer = (topic, event) -> {
            if (event == null) {
                return null;
            }
            if (event.book() == null) {
                return Json.bytes(event);
            }
            return binary(out -> {
                out.writeByte(BOOK_EVENT);
                BookCodec.write(out, event.book());
            });
        };
        Deserializer<InstrumentEvent> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == BOOK_EVENT) {
                return read(bytes, InstrumentEvent.class, in -> {
                    in.readByte();
                    return InstrumentEvent.of(BookCodec.read(in));
                });
            }
            return JsonSerde.of(InstrumentEvent.class).deserializer().deserialize(topic, bytes);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    static Serde<VenueMarket> venueMarkets() {
        Serializer<VenueMarket> serializer = (topic, market) -> {
            if (market == null) {
                return null;
            }
            return binary(out -> {
                out.writeByte(VENUE_MARKET);
                out.writeBoolean(market.book() != null);
                if (market.book() != null) {
                    BookCodec.write(out, market.book());
                }
                out.write(Json.bytes(new VenueMarket(null, market.funding(), market.atr())));
            });
        };
        Deserializer<VenueMarket> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length > 0 && bytes[0] == JSON) {
                return JsonSerde.of(VenueMarket.class).deserializer().deserialize(topic, bytes);
            }
            return read(bytes, VenueMarket.class, in -> {
                if (in.readByte() != VENUE_MARKET) {
                    throw new IOException("not a venue market");
                }
                BookSnapshot book = in.readBoolean() ? BookCodec.read(in) : null;
                VenueMarket rest = Json.read(in.readAllBytes(), VenueMarket.class);
                return new VenueMarket(book, rest.funding(), rest.atr());
            });
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] binary(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Class<T> type, Reader<T> reader) {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            return reader.read(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("invalid " + type.getSimpleName() + " ("
                    + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 8))) + "…): " + Json.describe(e), e);
        }
    }
}
