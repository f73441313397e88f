package tech.tradeos.execution.topology;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tech.tradeos.execution.model.BookSnapshot;
import tech.tradeos.execution.model.PriceLevel;

/**
 * A book snapshot in binary, for the router's own topics and stores (the instrument repartition and
 * the market store's changelog), where JSON made every snapshot cost a text rendering and a parse of
 * each decimal. Decimals keep their exact value and scale; reading re-validates through the
 * {@link BookSnapshot} constructor.
 * <pre>
 *   venue UTF · instrument UTF · epochSecond long · nano int · sequence long · bids · asks
 *   side   = count int, then per level: price decimal · size decimal
 *   decimal = scale int · 0 + unscaled long | 1 + length int + unscaled two's-complement bytes
 * </pre>
 */
final class BookCodec {
    private BookCodec() {
    }

    static void write(DataOutput out, BookSnapshot book) throws IOException {
        out.writeUTF(book.venue());
        out.writeUTF(book.instrument());
        out.writeLong(book.timestamp().getEpochSecond());
        out.writeInt(book.timestamp().getNano());
        out.writeLong(book.sequence());
        writeSide(out, book.bids());
        writeSide(out, book.asks());
    }

    static BookSnapshot read(DataInput in) throws IOException {
        String venue = in.readUTF();
        String instrument = in.readUTF();
        Instant timestamp = Instant.ofEpochSecond(in.readLong(), in.readInt());
        long sequence = in.readLong();
        List<PriceLevel> bids = readSide(in);
        List<PriceLevel> asks = readSide(in);
        return new BookSnapshot(venue, instrument, timestamp, sequence, bids, asks);
    }

    private static void writeSide(DataOutput out, List<PriceLevel> levels) throws IOException {
        out.writeInt(levels.size());
        for (PriceLevel level : levels) {
            writeDecimal(out, level.price());
            writeDecimal(out, level.size());
        }
    }

    private static List<PriceLevel> readSide(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("negative level count " + count);
        }
        List<PriceLevel> levels = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            levels.add(new PriceLevel(readDecimal(in), readDecimal(in)));
        }
        return levels;
    }

    static void writeDecimal(DataOutput out, BigDecimal value) throws IOException {
        out.writeInt(value.scale());
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() < 64) {
            out.writeByte(0);
            out.writeLong(unscaled.longValue());
        } else {
            byte[] bytes = unscaled.toByteArray();
            out.writeByte(1);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    static BigDecimal readDecimal(DataInput in) throws IOException {
        int scale = in.readInt();
        byte form = in.readByte();
        if (form == 0) {
            return BigDecimal.valueOf(in.readLong(), scale);
        }
        if (form != 1) {
            throw new IOException("unknown decimal form " + form);
        }
        int length = in.readInt();
        if (length <= 0 || length > 4096) {
            throw new IOException("bad decimal length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new BigDecimal(new BigInteger(bytes), scale);
    }
}
