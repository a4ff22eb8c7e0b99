package dev.souk.listings;

/** Where a listing is: the address as the owner wrote it and its point on the map. */
public record Location(String address, double latitude, double longitude) {}
