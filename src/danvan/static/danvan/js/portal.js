// Fill the map point of the petition form from the device's location (no map server
// needed). The button stays hidden where the browser cannot locate the device.
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  if (!button || !lat || !lon || !("geolocation" in navigator)) {
    return;
  }
  // Show the button beside the coordinates it fills.
  var field = lon.closest(".field");
  if (field && button.parentNode) {
    field.after(button.parentNode);
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.busy;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        lat.value = position.coords.latitude.toFixed(6);
        lon.value = position.coords.longitude.toFixed(6);
        status.textContent = lat.value + ", " + lon.value;
      },
      function () {
        status.textContent = button.dataset.failed;
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    );
  });
})();
