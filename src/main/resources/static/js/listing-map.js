// Shows a listing's place on a Leaflet map, read from the container's data attributes (the CSP
// forbids inline scripts). The marker is drawn by the browser, so it shows even without tiles.
document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("listing-map");
    if (!element || typeof L === "undefined") {
        return;
    }
    var point = [parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)];
    var map = L.map(element, { scrollWheelZoom: false }).setView(point, 14);
    L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19,
        attribution: "&copy; OpenStreetMap contributors"
    }).addTo(map);
    // Leaflet shows a string as HTML: the title a member typed goes in as a text node instead
    var label = document.createElement("span");
    label.textContent = element.dataset.title || "";
    L.circleMarker(point, { radius: 10, color: "#b93d0b", weight: 3, fillOpacity: 0.4 })
        .addTo(map)
        .bindTooltip(label);
});
