package dev.souk.search;

import org.jspecify.annotations.Nullable;

/**
 * The geometry of a place asked for: the box around a circle, the grid cells and regions a box
 * overlaps (numbered as the read model's generated columns, see the migration V16), and which index
 * answers a place best.
 */
final class Places {

    /** The mean radius of the earth, for great-circle distances. */
    static final double EARTH_RADIUS_KM = 6371.0088;

    private Places() {}

    /** Grid cells (0.1°) a box may cover and still be looked up by them; wider boxes use regions (1°). */
    static final int MAX_CELLS = 1_000;

    /** The box around the circle: minimum longitude, latitude, maximum longitude, latitude. */
    static double[] bounds(SearchQuery.Near near) {
        double dLat = Math.toDegrees(near.radiusKm() / EARTH_RADIUS_KM);
        double minLat = Math.max(-90, near.latitude() - dLat);
        double maxLat = Math.min(90, near.latitude() + dLat);
        double widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
        double dLng = widest >= 89.9
                ? 180
                : Math.toDegrees(near.radiusKm() / (EARTH_RADIUS_KM * Math.cos(Math.toRadians(widest))));
        double minLng = near.longitude() - dLng;
        double maxLng = near.longitude() + dLng;
        if (minLng < -180 || maxLng > 180) {
            // across the antimeridian: the box pre-filter covers every longitude, the distance decides
            minLng = -180;
            maxLng = 180;
        }
        return new double[] {minLng, minLat, maxLng, maxLat};
    }

    static double @Nullable [] bounds(SearchQuery.@Nullable Box b) {
        return b == null ? null : new double[] {b.minLongitude(), b.minLatitude(), b.maxLongitude(), b.maxLatitude()};
    }

    /** A street or a neighbourhood: looked up in the point index. */
    static boolean pointIndexed(double[] b) {
        return b[3] - b[1] <= 0.1 && b[2] - b[0] <= 0.1;
    }

    /**
     * The cells of a grid with {@code perDegree} bands per degree that the box overlaps, numbered as the
     * generated columns {@code cell} (10) and {@code region} (1) are; null if more than {@link #MAX_CELLS}.
     */
    static int @Nullable [] cells(double minLng, double minLat, double maxLng, double maxLat, int perDegree) {
        int latFrom = (int) Math.floor((minLat + 90) * perDegree);
        int latTo = (int) Math.floor((maxLat + 90) * perDegree);
        int lngFrom = (int) Math.floor((minLng + 180) * perDegree);
        int lngTo = (int) Math.floor((maxLng + 180) * perDegree);
        long count = (long) (latTo - latFrom + 1) * (lngTo - lngFrom + 1);
        if (count > MAX_CELLS) {
            return null;
        }
        int stride = 360 * perDegree + 1;
        int[] cells = new int[(int) count];
        int i = 0;
        for (int lat = latFrom; lat <= latTo; lat++) {
            for (int lng = lngFrom; lng <= lngTo; lng++) {
                cells[i++] = lat * stride + lng;
            }
        }
        return cells;
    }

    /** Words the last keyword may stand for and still be looked up one by one in the place-and-words index. */
    static final int PREFIX_WORDS = 16;

    /** Regions (1°) a place may overlap and still take its keyword matches from the place-and-words index. */
    static final int WORD_REGIONS = 4;

    /**
     * Whether the keyword matches in the query's place may come from the GIN index over the place's
     * words (region, categories, type) and the text: there are keywords and the place (larger than the
     * point index's) overlaps at most {@link #WORD_REGIONS} regions. A rare word then has its few hundred
     * matches there handed over at once, where checking the place's text row by row reads every listing
     * of the place; a word in every text costs about the same either way.
     */
    static boolean wordsByRegion(Plan plan) {
        SearchQuery q = plan.query();
        if (plan.words().isEmpty() || (q.near() == null && q.box() == null)) {
            return false;
        }
        for (double[] b : new double[][] {q.near() == null ? null : bounds(q.near()), bounds(q.box())}) {
            if (b == null) {
                continue;
            }
            int[] regions = cells(b[0], b[1], b[2], b[3], 1);
            if (pointIndexed(b) || regions == null || regions.length > WORD_REGIONS) {
                return false;
            }
        }
        return true;
    }
}
