package tech.tradeos.execution.topology.state;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.PriceLevel;

/**
 * A book snapshot in binary, for the router's own topics and stores (the instrument repartition and
 * the market store's changelog), where JSON made every snapshot cost a text rendering and a parse of
 * each decimal. Decimals keep their exact value and scale; reading re-validates through the
 * {@link BookSnapshot} constructor. Big-endian:
 * <pre>
 *   venue text · instrument text · epochSecond long · nano int · sequence long · bids · asks
 *   text    = length short + UTF-8 bytes
 *   side    = count int, then per level: price decimal · size decimal
 *   decimal = scale int · 0 + unscaled long | 1 + length int + unscaled two's-complement bytes
 * </pre>
 * ByteBuffer rather than Data streams: the byte-array streams synchronize on every read and write.
 */
final class BookCodec {
    private static final int COMPACT_DECIMAL_BYTES = 4 + 1 + 8;
    private static final int WORST_DECIMAL_BYTES = 4 + 1 + 4 + 16;
    static final int MAX_TEXT_BYTES = 0xFFFF;

    private BookCodec() {
    }

    /**
     * The most bytes {@code book} can take, whatever its decimals: a decimal within the message limits
     * (≤ 38 significant digits) has an unscaled value of at most 16 bytes, so 4 + 1 + 4 + 16.
     */
    static int worstCaseBytes(BookSnapshot book) {
        return 64 + book.venue().length() * 3 + book.instrument().length() * 3
                + (book.bids().size() + book.asks().size()) * 2 * WORST_DECIMAL_BYTES;
    }

    /** Bytes enough for {@code book} unless a decimal needs more than 64 bits (then {@link #write} overflows). */
    static int sizeHint(BookSnapshot book) {
        return 64 + book.venue().length() * 3 + book.instrument().length() * 3
                + (book.bids().size() + book.asks().size()) * 2 * COMPACT_DECIMAL_BYTES;
    }

    /** Writes {@code book}; throws {@link java.nio.BufferOverflowException} when {@code out} is too small. */
    static void write(ByteBuffer out, BookSnapshot book) {
        writeText(out, book.venue());
        writeText(out, book.instrument());
        out.putLong(book.timestamp().getEpochSecond());
        out.putInt(book.timestamp().getNano());
        out.putLong(book.sequence());
        writeSide(out, book.bids());
        writeSide(out, book.asks());
    }

    /** Reads a book; a short or damaged buffer throws {@link IllegalArgumentException} with the reason. */
    static BookSnapshot read(ByteBuffer in) {
        try {
            String venue = readText(in);
            String instrument = readText(in);
            Instant timestamp = Instant.ofEpochSecond(in.getLong(), in.getInt());
            long sequence = in.getLong();
            List<PriceLevel> bids = readSide(in);
            List<PriceLevel> asks = readSide(in);
            return new BookSnapshot(venue, instrument, timestamp, sequence, bids, asks);
        } catch (BufferUnderflowException truncated) {
            throw new IllegalArgumentException("book bytes end early at " + in.position() + " of " + in.limit());
        }
    }

    static void writeText(ByteBuffer out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_TEXT_BYTES) {
            // the message limits keep names far shorter; a cast would silently write a wrong length
            throw new IllegalArgumentException("text of " + bytes.length + " bytes, over the codec's " + MAX_TEXT_BYTES);
        }
        out.putShort((short) bytes.length);
        out.put(bytes);
    }

    private static String readText(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        String text = new String(in.array(), in.arrayOffset() + in.position(), Math.min(length, in.remaining()), StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }

    private static void writeSide(ByteBuffer out, List<PriceLevel> levels) {
        out.putInt(levels.size());
        for (PriceLevel level : levels) {
            writeDecimal(out, level.price());
            writeDecimal(out, level.size());
        }
    }

    private static List<PriceLevel> readSide(ByteBuffer in) {
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / (2 * COMPACT_DECIMAL_BYTES)) {
            throw new IllegalArgumentException("bad level count " + count + " with " + in.remaining() + " bytes left");
        }
        List<PriceLevel> levels = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            levels.add(new PriceLevel(readDecimal(in), readDecimal(in)));
        }
        return levels;
    }

    static void writeDecimal(ByteBuffer out, BigDecimal value) {
        out.putInt(value.scale());
        if (value.precision() <= 18) {
            // moving the point by the scale keeps the compact long form: no BigInteger is made
            out.put((byte) 0);
            out.putLong(value.movePointRight(value.scale()).longValue());
        } else {
            byte[] bytes = value.unscaledValue().toByteArray();
            out.put((byte) 1);
            out.putInt(bytes.length);
            out.put(bytes);
        }
    }

    static BigDecimal readDecimal(ByteBuffer in) {
        int scale = in.getInt();
        byte form = in.get();
        if (form == 0) {
            return BigDecimal.valueOf(in.getLong(), scale);
        }
        if (form != 1) {
            throw new IllegalArgumentException("unknown decimal form " + form + " at " + (in.position() - 1));
        }
        int length = in.getInt();
        if (length <= 0 || length > in.remaining()) {
            throw new IllegalArgumentException("bad decimal length " + length);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new BigDecimal(new BigInteger(bytes), scale);
    }
}
