package tech.tradeos.execution.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;

/** One level of an L2 book, written as {@code ["price","size"]} on the wire. */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"price", "size"})
public record PriceLevel(BigDecimal price, BigDecimal size) {
    public PriceLevel {
        Checks.positive(price, "price");
        Checks.positive(size, "size");
    }

    public static PriceLevel of(String price, String size) {
        return new PriceLevel(new BigDecimal(price), new BigDecimal(size));
    }
}
