package tech.tradeos.execution.executor.sim;

import java.util.List;

/**
 * One page of a list the way the venues page them: from an offset or an opaque cursor (here the offset as text) and
 * a size; {@code next} is the cursor of the following page, empty on the last. Shared by every dialect.
 */
record SimPages<T>(List<T> items, String next, int total) {
    /** The page starting at {@code cursor} (empty or null: the first) of at most {@code size} (0: everything). */
    static <T> SimPages<T> of(List<T> all, String cursor, int size) {
        int from = 0;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                from = Math.max(0, Integer.parseInt(cursor));
            } catch (NumberFormatException e) {
                from = all.size(); // a cursor we never gave: nothing more
            }
        }
        from = Math.min(from, all.size());
        int to = size <= 0 ? all.size() : Math.min(all.size(), from + size);
        return new SimPages<>(List.copyOf(all.subList(from, to)), to < all.size() ? Integer.toString(to) : "", all.size());
    }

    /** The page size for a request that asks for {@code limit} (0: the venue's default) under {@code quirks}. */
    static int size(int limit, int venueDefault, Quirks quirks) {
        int asked = limit > 0 ? limit : venueDefault;
        return quirks.pageSize() > 0 ? Math.min(asked <= 0 ? quirks.pageSize() : asked, quirks.pageSize()) : 0;
    }
}
