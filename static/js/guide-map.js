/* The guide's map: the places listed on the page, drawn on Leaflet (self-hosted).
   Without JavaScript, or when the map background cannot load, the list is the page. */
(function () {
  "use strict";

  function text(tag, content) {
    var element = document.createElement(tag);
    element.textContent = content;
    return element;
  }

  function popup(point) {
    var box = document.createElement("div");
    box.appendChild(text("strong", point.name));
    box.appendChild(text("p", point.address));
    var list = document.createElement("ul");
    point.services.forEach(function (service) {
      var item = document.createElement("li");
      var link = text("a", service.name);
      link.href = service.url;
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function draw() {
    var source = document.getElementById("map-points");
    var frame = document.querySelector("[data-map]");
    if (!source || !frame || !window.L) return;
    var points = JSON.parse(source.textContent);
    frame.hidden = false;
    var map = L.map(frame.querySelector(".map"), { scrollWheelZoom: false });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    var note = frame.querySelector("[data-map-note]");
    if (frame.dataset.tiles) {
      var tiles = L.tileLayer(frame.dataset.tiles, {
        maxZoom: 19, attribution: frame.dataset.attribution
      });
      tiles.on("tileerror", function () { note.hidden = false; });
      tiles.addTo(map);
    } else {
      note.hidden = false;
    }

    var bounds = [];
    points.forEach(function (point) {
      var marker = L.circleMarker([point.lat, point.lng], {
        radius: 8, weight: 2, color: "#0b4f6c", fillColor: "#1d7ea8", fillOpacity: 0.85
      });
      marker.bindPopup(popup(point));
      marker.bindTooltip(point.name);
      marker.addTo(map);
      bounds.push([point.lat, point.lng]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 15);
    } else if (bounds.length) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
