// Drag to reorder listing photos. Without JavaScript the arrow buttons do the same, one step at a time.
document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector(".souk-photos[data-reorder-url]");
    if (!list || typeof Sortable === "undefined") {
        return;
    }
    var csrf = document.querySelector("input[name=_csrf]");
    Sortable.create(list, {
        animation: 150,
        onEnd: function () {
            var body = new URLSearchParams();
            list.querySelectorAll("[data-photo-id]").forEach(function (item) {
                body.append("photoIds", item.dataset.photoId);
            });
            if (csrf) {
                body.append("_csrf", csrf.value);
            }
            fetch(list.dataset.reorderUrl, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" });
        }
    });
});
