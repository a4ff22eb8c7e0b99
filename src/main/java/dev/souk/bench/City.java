package dev.souk.bench;

import java.time.ZoneId;
import java.util.List;

/** A real city the generated listings are spread around. */
record City(String name, double latitude, double longitude, ZoneId zone) {

    static final List<City> ALL = List.of(
            city("Lisbon", 38.7223, -9.1393, "Europe/Lisbon"),
            city("Porto", 41.1579, -8.6291, "Europe/Lisbon"),
            city("Madrid", 40.4168, -3.7038, "Europe/Madrid"),
            city("Barcelona", 41.3874, 2.1686, "Europe/Madrid"),
            city("Valencia", 39.4699, -0.3763, "Europe/Madrid"),
            city("Seville", 37.3891, -5.9845, "Europe/Madrid"),
            city("Paris", 48.8566, 2.3522, "Europe/Paris"),
            city("Lyon", 45.7640, 4.8357, "Europe/Paris"),
            city("Marseille", 43.2965, 5.3698, "Europe/Paris"),
            city("Bordeaux", 44.8378, -0.5792, "Europe/Paris"),
            city("Brussels", 50.8503, 4.3517, "Europe/Brussels"),
            city("Amsterdam", 52.3676, 4.9041, "Europe/Amsterdam"),
            city("Rotterdam", 51.9244, 4.4777, "Europe/Amsterdam"),
            city("London", 51.5072, -0.1276, "Europe/London"),
            city("Manchester", 53.4808, -2.2426, "Europe/London"),
            city("Edinburgh", 55.9533, -3.1883, "Europe/London"),
            city("Dublin", 53.3498, -6.2603, "Europe/Dublin"),
            city("Berlin", 52.5200, 13.4050, "Europe/Berlin"),
            city("Hamburg", 53.5511, 9.9937, "Europe/Berlin"),
            city("Munich", 48.1351, 11.5820, "Europe/Berlin"),
            city("Cologne", 50.9375, 6.9603, "Europe/Berlin"),
            city("Vienna", 48.2082, 16.3738, "Europe/Vienna"),
            city("Zurich", 47.3769, 8.5417, "Europe/Zurich"),
            city("Milan", 45.4642, 9.1900, "Europe/Rome"),
            city("Rome", 41.9028, 12.4964, "Europe/Rome"),
            city("Naples", 40.8518, 14.2681, "Europe/Rome"),
            city("Copenhagen", 55.6761, 12.5683, "Europe/Copenhagen"),
            city("Stockholm", 59.3293, 18.0686, "Europe/Stockholm"),
            city("Oslo", 59.9139, 10.7522, "Europe/Oslo"),
            city("Helsinki", 60.1699, 24.9384, "Europe/Helsinki"),
            city("Warsaw", 52.2297, 21.0122, "Europe/Warsaw"),
            city("Krakow", 50.0647, 19.9450, "Europe/Warsaw"),
            city("Prague", 50.0755, 14.4378, "Europe/Prague"),
            city("Budapest", 47.4979, 19.0402, "Europe/Budapest"),
            city("Athens", 37.9838, 23.7275, "Europe/Athens"),
            city("Istanbul", 41.0082, 28.9784, "Europe/Istanbul"),
            city("Marrakesh", 31.6295, -7.9811, "Africa/Casablanca"),
            city("New York", 40.7128, -74.0060, "America/New_York"),
            city("Montreal", 45.5019, -73.5674, "America/Toronto"),
            city("Mexico City", 19.4326, -99.1332, "America/Mexico_City"));

    private static City city(String name, double latitude, double longitude, String zone) {
        return new City(name, latitude, longitude, ZoneId.of(zone));
    }

    /** Kilometres between this city's centre and a point, on a sphere (good to a few metres here). */
    double kilometresTo(double lat, double lon) {
        double p1 = Math.toRadians(latitude);
        double p2 = Math.toRadians(lat);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon - longitude);
        double a =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 6371.0 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    }
}
