// The search page's map: one marker per result on the page, read from the cards' data attributes
// (the CSP forbids inline scripts). Moving the map puts its box into the form and runs the search
// again through htmx, which swaps the results and pushes the URL; the markers then follow.
(function () {
    var map, markers, follow, moving = false;

    function results() {
        return Array.prototype.slice.call(document.querySelectorAll("#search-results [data-lat]"));
    }

    // a price label is text: escaped, so nothing a member typed can become markup
    function escape(text) {
        return String(text).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
    }

    function drawMarkers(fit) {
        markers.clearLayers();
        var points = [];
        results().forEach(function (card) {
            var point = [parseFloat(card.dataset.lat), parseFloat(card.dataset.lng)];
            if (isNaN(point[0]) || isNaN(point[1])) {
                return;
            }
            points.push(point);
            var marker = L.marker(point, {
                title: card.dataset.title,
                alt: card.dataset.title,
                icon: L.divIcon({ className: "souk-price-marker", html: escape(card.dataset.price || "•"), iconSize: null })
            });
            marker.on("click", function () { window.location.href = card.dataset.url; });
            markers.addLayer(marker);
        });
        if (fit && points.length > 0) {
            moving = true;
            map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 13, animate: false });
            moving = false;
        }
    }

    function searchHere() {
        // the form is replaced with the results, so look it up each time
        var form = document.getElementById("search-form");
        var box = document.getElementById("s-bbox");
        if (moving || !follow.checked || !form || !box) {
            return;
        }
        var b = map.getBounds();
        var clamp = function (v, limit) { return Math.max(-limit, Math.min(limit, v)); };
        box.value = [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)]
            .map(function (v) { return v.toFixed(5); }).join(",");
        // a box replaces the origin: the visitor is now looking at another place
        ["s-lat", "s-lng", "s-radius"].forEach(function (id) {
            var input = document.getElementById(id);
            if (input) { input.value = ""; }
        });
        var cursor = document.getElementById("s-cursor");
        if (cursor) { cursor.value = ""; }
        if (window.htmx) {
            htmx.trigger(form, "submit");
        } else {
            form.submit();
        }
    }

    document.addEventListener("DOMContentLoaded", function () {
        var element = document.getElementById("search-map");
        var box = document.getElementById("s-bbox");
        follow = document.getElementById("s-follow");
        if (!element || !box || typeof L === "undefined") {
            return;
        }
        map = L.map(element, { scrollWheelZoom: true });
        L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
            maxZoom: 19,
            attribution: "&copy; OpenStreetMap contributors"
        }).addTo(map);
        markers = L.layerGroup().addTo(map);
        var parts = box.value ? box.value.split(",").map(parseFloat) : [];
        if (parts.length === 4 && parts.every(function (v) { return !isNaN(v); })) {
            moving = true;
            map.fitBounds([[parts[1], parts[0]], [parts[3], parts[2]]], { animate: false });
            moving = false;
            drawMarkers(false);
        } else {
            moving = true;
            map.setView([30, 10], 2, { animate: false });
            moving = false;
            drawMarkers(true);
        }
        map.on("moveend", searchHere);
        document.body.addEventListener("htmx:afterSettle", function () {
            drawMarkers(false);
        });
    });
})();
